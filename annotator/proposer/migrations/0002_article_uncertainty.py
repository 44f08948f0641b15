"""Each article's uncertainty from its latest machine set, for articles proposed before the
field existed (the proposer fills it for new proposals, `proposer.services`).

The formula is `interchange.uncertainty.proposal_uncertainty`, written out again here: a
migration must not change when that module does.
"""

from django.db import migrations
from django.db.models import Max

CHUNK = 500


def _uncertainty(confidences):
    margins = [abs(2 * min(1.0, max(0.0, float(c))) - 1) for c in confidences if c is not None]
    return round(1 - sum(margins) / len(margins), 4) if margins else None


def backfill(apps, schema_editor):
    Article = apps.get_model("corpus", "Article")
    AnnotationSet = apps.get_model("annotations", "AnnotationSet")
    Quote = apps.get_model("annotations", "Quote")
    latest = (
        AnnotationSet.objects.filter(kind="machine").values("article_id").annotate(pk=Max("pk")).order_by("article_id")
    )
    rows = list(latest.values_list("article_id", "pk"))
    for offset in range(0, len(rows), CHUNK):
        chunk = dict(rows[offset : offset + CHUNK])
        confidences = {pk: [] for pk in chunk.values()}
        for set_id, confidence in Quote.objects.filter(annotation_set_id__in=confidences).values_list(
            "annotation_set_id", "confidence"
        ):
            confidences[set_id].append(confidence)
        for article_id, set_id in chunk.items():
            value = _uncertainty(confidences[set_id])
            if value is not None:
                Article.objects.filter(pk=article_id).update(uncertainty=value)


class Migration(migrations.Migration):
    dependencies = [
        ("proposer", "0001_proposer_model"),
        ("corpus", "0005_queue_order"),
        ("annotations", "0004_team_workflow"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
