from __future__ import annotations

from rest_framework import serializers

from annotator.accounts.models import Membership, Project
from annotator.accounts.selectors import project_role


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role"]


class ProjectSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(read_only=True, default=0)
    role = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id", "name", "slug", "description", "guidelines", "guidelines_version",
            "annotators_per_article", "article_count", "role", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "guidelines_version", "article_count", "role", "created_at"]

    def get_role(self, obj: Project) -> str | None:
        request = self.context.get("request")
        return project_role(user=request.user, project=obj) if request else None
