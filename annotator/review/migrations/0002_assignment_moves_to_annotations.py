"""Assignments now belong to `annotations` (see annotations 0003); the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("annotations", "0003_assignment_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Assignment")], database_operations=[]
        ),
    ]
