from __future__ import annotations

from rest_framework import serializers


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
