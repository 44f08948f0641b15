from __future__ import annotations

from rest_framework import serializers

from annotator.accounts.models import Event
from annotator.annotations.models import AnnotationSet, Comment, Speaker
from annotator.annotations.selectors import annotation_set_quotes


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
    owner = serializers.CharField(source="owner.username", read_only=True, default=None, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = AnnotationSet
        fields = [
            "id",
            "article",
            "kind",
            "owner",
            "source",
            "status",
            "version",
            "quote_count",
            "created_at",
            "updated_at",
            "submitted_at",
        ]
        read_only_fields = fields


class AnnotationSetDetailSerializer(AnnotationSetSerializer):
    quotes = serializers.SerializerMethodField()

    class Meta(AnnotationSetSerializer.Meta):
        fields = [*AnnotationSetSerializer.Meta.fields, "quotes"]
        read_only_fields = fields

    def get_quotes(self, obj: AnnotationSet) -> list[dict]:
        return annotation_set_quotes(annotation_set=obj, text=obj.article.text)


class AnnotationQuoteField(serializers.JSONField):
    """Quotes in the interchange format plus `id`, `status` and optional `speaker_id`;
    validated by the service with the import's rules, so any JSON passes here."""


class AnnotationSerializer(serializers.Serializer):
    """The user's annotation of one article: `GET /api/articles/{id}/annotation/`."""

    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField()
    status = serializers.CharField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    quotes = AnnotationQuoteField()


class AnnotationPutSerializer(serializers.Serializer):
    """Replace every quote: quotes not listed are deleted; `version` is the one edited."""

    version = serializers.IntegerField()
    quotes = AnnotationQuoteField()


class AnnotationPatchSerializer(serializers.Serializer):
    """Change some quotes (autosave): upsert `quotes`, delete the ids in `deleted`."""

    version = serializers.IntegerField()
    quotes = AnnotationQuoteField(required=False, default=list)
    deleted = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AnnotationPatchResultSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.CharField()
    quotes = AnnotationQuoteField()


class AnnotationSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class SpeakerMergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="The speaker that remains; this one's quotes move to it.")


class SpeakerSplitSerializer(serializers.Serializer):
    alias = serializers.CharField(help_text="The alias that becomes a speaker of its own.")


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None, allow_null=True)
    resolved_by = serializers.CharField(source="resolved_by.username", read_only=True, default=None, allow_null=True)
    quote_id = serializers.IntegerField(source="quote.pk", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "article", "quote_id", "author", "kind", "body", "created_at", "resolved_at", "resolved_by"]
        read_only_fields = fields


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="The comment, or the reason for a flag or a skip.")
    kind = serializers.ChoiceField(choices=["comment", "unclear", "skip"], default="comment")
    quote_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class EventSerializer(serializers.ModelSerializer):
    """One line of an article's history."""

    at = serializers.DateTimeField(source="created_at", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Event
        fields = ["at", "actor", "action", "object_type", "object_id", "before", "after"]
        read_only_fields = fields


class AssignmentRequestSerializer(serializers.Serializer):
    """`{"article_ids", "users"}`, or `{"filter", "per_article"}` (optionally with `users` as the pool)."""

    article_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    users = serializers.ListField(child=serializers.JSONField(), required=False, help_text="User ids or usernames.")
    filter = serializers.JSONField(required=False, help_text='e.g. {"status": "proposed", "unassigned": true}')
    per_article = serializers.IntegerField(required=False, min_value=1)


class AssignmentResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(required=False)
    deleted = serializers.IntegerField(required=False)
