from __future__ import annotations

from rest_framework import serializers

from annotator.annotations.models import AnnotationSet, Speaker


class SpeakerSerializer(serializers.ModelSerializer):
    quote_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Speaker
        fields = ["id", "name", "aliases", "kind", "description", "external_id", "quote_count", "created_at"]
        read_only_fields = ["id", "quote_count", "created_at"]

    def validate_aliases(self, value):
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            raise serializers.ValidationError("aliases must be a list of strings")
        return value


class AnnotationSetSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True, default=None)
    quote_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = AnnotationSet
        fields = ["id", "article", "kind", "owner", "source", "status", "version", "quote_count", "created_at", "updated_at", "submitted_at"]
        read_only_fields = fields


class AnnotationSetDetailSerializer(AnnotationSetSerializer):
    quotes = serializers.SerializerMethodField()

    class Meta(AnnotationSetSerializer.Meta):
        fields = [*AnnotationSetSerializer.Meta.fields, "quotes"]
        read_only_fields = fields

    def get_quotes(self, obj: AnnotationSet) -> list[dict]:
        from annotator.annotations.selectors import annotation_set_quotes

        return annotation_set_quotes(annotation_set=obj, text=obj.article.text)
