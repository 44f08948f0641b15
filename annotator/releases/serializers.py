from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotator.releases.models import Release, ReleaseSource
from annotator.releases.services import FORMAT_NAMES


class ReleaseSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = [
            "id", "project", "name", "version", "source", "filters", "split_ratios", "formats", "status",
            "progress", "error", "size", "sha256", "files", "counts", "guidelines_version", "created_by",
            "created_at", "finished_at", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, obj: Release) -> str | None:
        if obj.status != "ready":
            return None
        path = reverse("api-release-download", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReleaseCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    version = serializers.CharField(max_length=50)
    formats = serializers.ListField(child=serializers.ChoiceField(choices=FORMAT_NAMES), allow_empty=False)
    source = serializers.ChoiceField(choices=ReleaseSource.choices, default=ReleaseSource.GOLD)
    filters = serializers.DictField(required=False)
    split_ratios = serializers.DictField(child=serializers.FloatField(min_value=0), required=False)
    options = serializers.DictField(required=False)
