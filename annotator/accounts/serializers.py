from __future__ import annotations

from rest_framework import serializers

from annotator.accounts.models import Membership, Project, Role
from annotator.accounts.selectors import project_role
from annotator.accounts.services import MAX_ANNOTATORS_PER_ARTICLE, MAX_RETRAIN_EVERY


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role"]


class MemberSerializer(serializers.ModelSerializer):
    """One member of a project: `{"user_id", "username", "role"}`."""

    user_id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["user_id", "username", "role"]
        read_only_fields = ["role"]


class MemberAddSerializer(serializers.Serializer):
    """`{"username", "role"}`: an existing user, or the name of one to create."""

    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.ANNOTATOR)


class MemberAddedSerializer(MemberSerializer):
    """The new member, and for a user created just now the link to pass on to them."""

    user_created = serializers.BooleanField(read_only=True)
    set_password_url = serializers.URLField(read_only=True, allow_null=True)

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "user_created", "set_password_url"]


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class ProjectSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(read_only=True, default=0)
    role = serializers.SerializerMethodField()
    annotators_per_article = serializers.IntegerField(min_value=1, max_value=MAX_ANNOTATORS_PER_ARTICLE, required=False)

    class Meta:
        model = Project
        fields = [
            "id", "name", "slug", "description", "guidelines", "guidelines_version",
            "annotators_per_article", "blind_annotation", "self_service", "queue_order", "review_order",
            "retrain_every", "article_count",
            "role",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "guidelines_version", "article_count", "role", "created_at"]

    def get_role(self, obj: Project) -> str | None:
        request = self.context.get("request")
        return project_role(user=request.user, project=obj) if request else None


class ProjectUpdateSerializer(serializers.ModelSerializer):
    """What a manager may change with `PATCH /api/projects/{slug}/` (the slug stays)."""

    annotators_per_article = serializers.IntegerField(min_value=1, max_value=MAX_ANNOTATORS_PER_ARTICLE, required=False)
    retrain_every = serializers.IntegerField(min_value=0, max_value=MAX_RETRAIN_EVERY, required=False)

    class Meta:
        model = Project
        fields = [
            "name", "description", "guidelines", "annotators_per_article", "blind_annotation", "self_service",
            "queue_order", "review_order", "retrain_every",
        ]  # fmt: skip
