"""API fuzzing: schemathesis sends generated requests to every operation of `/api/schema/`.

It runs as a manager of a small demo-like project (articles with proposals, a submitted
and a gold set, speakers, a comment, a release), through the WSGI app inside the test's
transaction, so nothing outlives the test. Each answer must be no server error, carry a
status the schema documents, match the documented response schema and content type.

Bounded: `FUZZ_EXAMPLES` generated cases per operation and mode (valid and invalid data;
`ANNOTATOR_FUZZ_EXAMPLES` changes it), derandomised so CI sees the same cases every run.
Every failing operation is listed at the end, with the smallest request Hypothesis found.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotator.accounts.models import Role
from annotator.accounts.tokens import api_token_create
from annotator.annotations.models import AnnotationSet, Comment, SetKind, SetStatus
from annotator.imports.models import ImportJob
from annotator.proposer.models import ProposerModel
from annotator.releases.models import Release
from tests.annotations.data import make_proposed_article
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, UserFactory

FUZZ_EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]

pytestmark = pytest.mark.fuzz


@pytest.fixture
def demo(db):
    """A project like the demo's: a manager (who fuzzes), a reviewer, annotators, work in every state."""
    project = ProjectFactory(slug="demo", name="Demo")
    manager = UserFactory(username="manager")
    MembershipFactory(project=project, user=manager, role=Role.MANAGER)
    annotator = UserFactory(username="annotator")
    MembershipFactory(project=project, user=annotator, role=Role.ANNOTATOR)
    MembershipFactory(project=project, user=UserFactory(username="reviewer"), role=Role.REVIEWER)
    article = make_proposed_article(project, url="")
    ArticleFactory(project=project, url="https://example.org/news/1")
    submitted = AnnotationSet.objects.create(
        article=article, kind=SetKind.HUMAN, owner=annotator, status=SetStatus.SUBMITTED, version=2
    )
    AnnotationSet.objects.create(article=article, kind=SetKind.GOLD, version=1)
    comment = Comment.objects.create(article=article, author=annotator, kind="unclear", body="Is this a quote?")
    release = Release.objects.create(project=project, name="First", version="1", formats=["jsonl"], created_by=manager)
    import_job = ImportJob.objects.create(project=project, created_by=manager)
    proposer_model = ProposerModel.objects.create(project=project, created_by=manager)
    return {
        "manager": manager,
        "slug": project.slug,
        # A real id of the right kind for each path, so generated requests reach real objects.
        "ids": {
            "/api/annotation-sets/": submitted.pk,
            "/api/articles/": article.pk,
            "/api/comments/": comment.pk,
            "/api/import-jobs/": import_job.pk,
            "/api/proposer-models/": proposer_model.pk,
            "/api/releases/": release.pk,
            "/api/speakers/": article.project.speakers.order_by("pk").first().pk,
            "members/": annotator.pk,
        },
    }


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, keeping the test's database connection open between requests.

    A WSGI request closes old connections when it ends, which would drop the test's
    transaction on PostgreSQL; Django's own test client turns that off the same way.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def real_path_parameters(path: str, demo: dict) -> dict:
    values: dict = {}
    if "{slug}" in path:
        values["slug"] = demo["slug"]
    for prefix, pk in demo["ids"].items():
        if prefix in path:
            values["user_id" if prefix == "members/" else "id"] = pk
    return values


def manager_headers(demo: dict) -> dict:
    # A new token for every case: DELETE /api/auth/token/ revokes the token it is sent with.
    _token, key = api_token_create(user=demo["manager"], name="fuzz")
    return {"Authorization": f"Token {key}"}


def test_every_api_operation_answers_as_its_schema_says(demo, wsgi_app):
    headers = manager_headers(demo)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, headers=headers)
    failures: list[str] = []
    cases = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30  # the schema lists every endpoint

    for operation in operations:
        for mode in MODES:
            strategy = operation.as_strategy(
                generation_mode=mode, path_parameters=real_path_parameters(operation.path, demo)
            )

            @settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy, real_ids=st.booleans())
            def fuzz(case, real_ids):
                nonlocal cases
                cases += 1
                if not real_ids:  # also unknown ids, which must be a documented 404
                    case.path_parameters = {
                        k: (v if k == "slug" else 2**31 - 1) for k, v in (case.path_parameters or {}).items()
                    }
                response = case.call(headers=manager_headers(demo))
                case.validate_response(response, checks=CHECKS)

            try:
                fuzz()
            except Unsatisfiable:
                # Invalid data needs something to make invalid: an operation whose only input is
                # its (fixed) path has none. Valid data for an operation never runs out.
                if mode is not schemathesis.GenerationMode.NEGATIVE:
                    raise
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis's FailureGroup is a BaseExceptionGroup
                # Every operation's failures are reported together at the end.
                text = "\n".join(line for line in str(exc).splitlines() if line.strip())[:1500]
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {text}")

    print(f"schemathesis: {cases} cases over {len(operations)} operations")  # noqa: T201 - the figure CI logs
    assert not failures, "\n\n".join(failures)
