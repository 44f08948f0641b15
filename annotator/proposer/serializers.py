from __future__ import annotations

from rest_framework import serializers

from annotator.proposer.models import ProposerModel


class ProposerModelSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = ProposerModel
        fields = [
            "id", "status", "progress", "stage", "seed", "version", "train_articles", "test_articles",
            "scores", "error", "is_active", "auto", "gold_articles", "outcome", "created_by", "created_at",
            "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class TrainRequestSerializer(serializers.Serializer):
    seed = serializers.IntegerField(default=0, min_value=0, max_value=2**31 - 1)


class ActivateSerializer(serializers.Serializer):
    model_id = serializers.IntegerField(allow_null=True, help_text="A ready model of the project; null: the rules.")
    repropose = serializers.BooleanField(default=True, help_text="Queue new proposals for every article.")
