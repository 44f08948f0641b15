from __future__ import annotations

from rest_framework import serializers

from annotator.core.schema import ErrorSerializer


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
