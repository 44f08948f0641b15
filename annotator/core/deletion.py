"""Deleting an object with a large tree below it, deepest rows first, in batches.

`instance.delete()` hands the whole tree to Django's collector at once. It looks up each
level in batches, but the updates of a SET_NULL relation are ORed back into one
statement over every batch: deleting a project with 5,000 annotation sets built one
`UPDATE ... WHERE based_on_id IN (...) OR based_on_id IN (...)` with 5,000 parameters,
past SQLite's limit ("too many SQL variables"; 999 before SQLite 3.32, 32,766 since, more
in some builds). `delete_tree` walks the CASCADE relations itself and deletes the rows of
each model, leaves first, `BATCH` rows per `delete()`: by the time a batch is deleted its
children are gone, so every statement the collector makes names at most one batch. The
collector still does each batch's work (signals, SET_NULL), so the rules stay Django's.
"""

from __future__ import annotations

from django.db import models, transaction

BATCH = 500  # rows per delete(): well under every SQLite limit, few round trips


@transaction.atomic
def delete_tree(instance: models.Model) -> None:
    """Delete `instance` and every row that cascades from it, in one transaction."""
    _delete_below(type(instance), "", instance.pk, seen=(type(instance),))
    instance.delete()


def _delete_below(model: type[models.Model], path: str, root_pk, *, seen: tuple) -> None:
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is not models.CASCADE:
            continue  # SET_NULL and the like are the collector's, batch by batch
        child = relation.related_model
        if child in seen:
            continue  # a cycle of CASCADE relations: its rows go with the parent's batches
        child_path = f"{relation.field.name}__{path}" if path else relation.field.name
        _delete_below(child, child_path, root_pk, seen=(*seen, child))
        rows = child._base_manager.filter(**{child_path: root_pk})
        while ids := list(rows.order_by().values_list("pk", flat=True)[:BATCH]):
            child._base_manager.filter(pk__in=ids).only("pk").delete()
