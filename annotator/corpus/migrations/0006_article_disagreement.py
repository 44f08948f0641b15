"""Article.disagreement, and its figure for the articles that already have two or more submitted sets.

The figure comes from `interchange.agreement.disagreement`, imported rather than written
out again: it matches quotes pair by pair (the scorer's rule), too much to copy, and it is
pure code over plain dicts, so the historical models below are all it reads.
"""

from django.db import migrations, models

from annotator.interchange.agreement import disagreement

FIELDS = ("start", "end", "fragments", "kind", "cue_start", "cue_end", "speaker_start", "speaker_end", "speaker_id")


def fill(apps, schema_editor):
    Article = apps.get_model("corpus", "Article")
    AnnotationSet = apps.get_model("annotations", "AnnotationSet")
    Quote = apps.get_model("annotations", "Quote")
    submitted = AnnotationSet.objects.filter(kind="human", status="submitted")
    by_article: dict[int, list[int]] = {}
    for pk, article_id in submitted.order_by("pk").values_list("pk", "article_id"):
        by_article.setdefault(article_id, []).append(pk)
    for article_id, set_ids in by_article.items():
        if len(set_ids) < 2:
            continue
        quotes: dict[int, list[dict]] = {pk: [] for pk in set_ids}
        rows = Quote.objects.filter(annotation_set_id__in=set_ids).exclude(status="rejected")
        for q in rows.order_by("start", "end", "id").values("annotation_set_id", *FIELDS):
            quotes[q["annotation_set_id"]].append(q)
        text = Article.objects.filter(pk=article_id).values_list("text", flat=True).first() or ""
        Article.objects.filter(pk=article_id).update(disagreement=disagreement(text, list(quotes.values())))


class Migration(migrations.Migration):

    dependencies = [
        ("corpus", "0005_queue_order"),
        ("annotations", "0004_team_workflow"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="disagreement",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["project", "status", "-disagreement"], name="article_project_disagree_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
