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
