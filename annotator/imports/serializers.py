from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotator.imports.models import ImportJob


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


class ImportJobSerializer(serializers.ModelSerializer):
    """A background import: status, step, percent, and the report once done."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
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
