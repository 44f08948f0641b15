from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotator.core.schema import ErrorSerializer
from annotator.imports.models import ImportJob, ImportStep


class ArticleCreateSerializer(serializers.Serializer):
    """One article in the interchange format (only `text` is required)."""

    id = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True)
    outlet = serializers.CharField(required=False, allow_blank=True)
    url = serializers.CharField(required=False, allow_blank=True)
    author = serializers.CharField(required=False, allow_blank=True)
    published = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    text = serializers.CharField(trim_whitespace=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    quotes = serializers.ListField(child=serializers.DictField(), required=False)


class ImportUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class ImportIssueSerializer(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.IntegerField(allow_null=True, help_text="1-based; null for the whole file.")
    message = serializers.CharField()


class ImportFileReportSerializer(serializers.Serializer):
    file = serializers.CharField()
    status = serializers.ChoiceField(choices=["imported", "rejected"])
    imported = serializers.IntegerField()
    skipped = serializers.IntegerField()
    quotes = serializers.IntegerField()
    errors = ImportIssueSerializer(many=True)


class ImportReportSerializer(serializers.Serializer):
    """What a bulk import did, file by file (`ImportReport.as_dict`)."""

    imported = serializers.IntegerField()
    skipped = serializers.IntegerField()
    rejected_files = serializers.IntegerField()
    files = ImportFileReportSerializer(many=True)


class ImportRejectedSerializer(ErrorSerializer):
    """A 400: `detail`, and the report when files were read (no files attached: no report)."""

    imported = serializers.IntegerField(required=False)
    skipped = serializers.IntegerField(required=False)
    rejected_files = serializers.IntegerField(required=False)
    files = ImportFileReportSerializer(many=True, required=False)


class ImportJobSerializer(serializers.ModelSerializer):
    """A background import: status, step, percent, and the report once done."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    # "" until a worker starts the job (the schema must say so: the fuzzing found it did not).
    step = serializers.ChoiceField(choices=[("", "Not started"), *ImportStep.choices], read_only=True)
    files = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id", "project", "status", "step", "current_file", "progress", "files", "report", "error",
            "created_by", "created_at", "started_at", "finished_at", "url", "page_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_files(self, obj: ImportJob) -> list[dict]:
        return [{"name": f["name"], "size": f["size"]} for f in obj.files]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj: ImportJob) -> str:
        return self._absolute(reverse("api-import-job", kwargs={"pk": obj.pk}))

    def get_page_url(self, obj: ImportJob) -> str:
        return self._absolute(reverse("imports:job", kwargs={"pk": obj.pk}))


class AnnotationImportSerializer(serializers.Serializer):
    """`POST /api/projects/{slug}/annotation-imports/`: another tool's export and how to read it."""

    file = serializers.FileField(help_text="The export: Label Studio JSON, doccano or Prodigy JSONL, or a zip of brat.")
    format = serializers.ChoiceField(choices=["brat", "labelstudio", "doccano", "prodigy", "webanno"])
    mode = serializers.ChoiceField(choices=["annotators", "gold", "proposals"], default="annotators")
    mapping = serializers.JSONField(
        required=False, binary=True, help_text="The mapping object (see README); default: suggested."
    )
    members = serializers.JSONField(required=False, binary=True, help_text='{"source annotator": "username"}')
    create_members = serializers.BooleanField(default=False)
    dry_run = serializers.BooleanField(default=False, help_text="Only say what was found and the mapping used.")
