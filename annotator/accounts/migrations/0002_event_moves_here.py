"""The audit log moves from `annotations` to `accounts`, below every app that writes it.

The table is kept (renamed `accounts_event`) with all its rows; only Django's record of
which app owns the model changes, through `SeparateDatabaseAndState`. The old free-form
action names are rewritten to the closed set of `EventAction`, which a check constraint
then enforces.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (old action, object type) -> new action; the other old names are already in the set.
RENAMED = {
    ("create", "project"): "project.create",
    ("create", "speaker"): "speaker.create",
    ("update", "speaker"): "speaker.update",
    ("create", "release"): "release.create",
    ("import", "file"): "articles.import",
}
CHOICES = [
    ("project.create", "Project created"),
    ("articles.import", "Articles imported"),
    ("speaker.create", "Speaker added"),
    ("speaker.update", "Speaker changed"),
    ("speaker.rename", "Speaker renamed"),
    ("speaker.merge", "Speakers merged"),
    ("speaker.split", "Alias split off"),
    ("annotation.create", "Annotation started"),
    ("annotation.save", "Annotation saved"),
    ("annotation.patch", "Annotation autosaved"),
    ("annotation.submit", "Annotation submitted"),
    ("gold.adopt", "Gold version adopted"),
    ("release.create", "Release created"),
]
ACTIONS = [value for value, _ in CHOICES]


def rename_actions(apps, schema_editor):
    Event = apps.get_model("accounts", "Event")
    for (old, object_type), new in RENAMED.items():
        Event.objects.filter(action=old, object_type=object_type).update(action=new)


def restore_actions(apps, schema_editor):
    Event = apps.get_model("accounts", "Event")
    for (old, object_type), new in RENAMED.items():
        Event.objects.filter(action=new, object_type=object_type).update(action=old)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("annotations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("action", models.CharField(max_length=80)),
                        ("object_type", models.CharField(max_length=80)),
                        ("object_id", models.CharField(max_length=64)),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("after", models.JSONField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="accounts.project",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at", "-id"],
                        "db_table": "annotations_event",
                        "indexes": [
                            models.Index(fields=["object_type", "object_id"], name="annotations_object__fa96ec_idx")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="event", table=None),
        migrations.RenameIndex(
            model_name="event", new_name="event_object_idx", old_name="annotations_object__fa96ec_idx"
        ),
        migrations.RunPython(rename_actions, restore_actions),
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(max_length=80, choices=CHOICES),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(condition=models.Q(action__in=ACTIONS), name="event_action_known"),
        ),
    ]
