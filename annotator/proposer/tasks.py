"""Background tasks of the proposer, run by `manage.py db_worker`."""

from __future__ import annotations

from django.tasks import task


@task()
def propose_articles_task(article_ids: list[int], force: bool = False) -> dict:
    """Propose quotes for a batch of articles (queued by `articles_request_proposals`)."""
    # The service imports this task at module level to queue it (the HackSoft pattern), so
    # the task imports its service here, when it runs; no other cycle exists.
    from annotator.proposer.services import articles_propose

    return articles_propose(article_ids=article_ids, force=force, requested=True)


@task()
def train_proposer_model_task(model_id: int) -> str:
    """Train one queued proposer model (queued by `proposer_model_request`); progress is stored on it."""
    # Imported when it runs, as above: the service imports this task to queue it.
    from annotator.proposer.services import proposer_model_train

    return proposer_model_train(model_id=model_id).status
