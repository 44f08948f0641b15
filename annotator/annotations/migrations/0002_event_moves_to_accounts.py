"""The audit log now belongs to `accounts` (see accounts 0002); the table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("accounts", "0002_event_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Event")], database_operations=[]
        ),
    ]
