from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotator.corpus.models import PROPOSAL_STUCK, Article, ProposalStatus


class ArticleSerializer(serializers.ModelSerializer):
    """An article; `editor_url` is the browser page for annotating it."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    editor_url = serializers.SerializerMethodField()
    id_external = serializers.CharField(source="external_id", read_only=True)
    proposal_status = serializers.ChoiceField(
        source="proposal_state",
        choices=[*ProposalStatus.values, PROPOSAL_STUCK],
        read_only=True,
        help_text='"stuck": pending for longer than ANNOTATOR_TASK_TIMEOUT; the worker queues it again.',
    )
    # Any text as imported, "" when none: not necessarily a valid URI.
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "project", "id_external", "title", "outlet", "url", "author", "published", "text",
            "status", "proposal_status", "proposal_error", "proposal_requested_at", "word_count", "tags", "metadata",
            "content_hash", "created_at", "updated_at", "editor_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_editor_url(self, obj: Article) -> str:
        path = reverse("annotations:editor", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ArticleListSerializer(ArticleSerializer):
    """List rows leave out the text, which can be large."""

    class Meta(ArticleSerializer.Meta):
        fields = [f for f in ArticleSerializer.Meta.fields if f != "text"]
        read_only_fields = fields
