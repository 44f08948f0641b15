"""The quality dashboard's figures: what people did to the proposals, the proposals against gold,
progress from the audit log, speakers in the gold; the API, the command and the page."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.accounts.events import event_record
from annotator.accounts.models import Event, EventAction
from annotator.annotations.models import CommentKind, SetKind, SetStatus
from annotator.corpus.models import ArticleStatus
from annotator.corpus.services import ArticleMove, article_status_move
from annotator.review.dashboard import annotator_progress, gold_speakers, status_over_time
from annotator.review.selectors import project_agreement, project_quality
from annotator.review.worth import proposer_worth
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

# Offsets:            0         1         2         3         4         5         6         7         8
#                     0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567
TEXT = (
    '"We will win," Ana Lopez said. Critics said the plan would fail. "Never," he replied. '
    '"Soon," Bo Chen said. "Later," Bo Chen said. "Maybe," Ana Lopez added.'
)
VERSION = "test-engine 2.0.0"


def _span(phrase: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(phrase, at + 1)
    return at, at + len(phrase)


def _quote(annotation_set, phrase, *, nth=0, kind="direct", cue=None, mention=None, speaker=None, **extra):
    start, end = _span(phrase, nth)
    fields = {}
    if cue:
        fields["cue_start"], fields["cue_end"] = _span(*cue)
    if mention:
        fields["speaker_start"], fields["speaker_end"] = _span(*mention)
    return QuoteFactory(
        annotation_set=annotation_set,
        start=start,
        end=end,
        fragments=[[start, end]],
        kind=kind,
        speaker=speaker,
        **fields,
        **extra,
    )


@pytest.fixture
def speakers(project):
    return {
        "lopez": SpeakerFactory(project=project, name="Ana Lopez"),
        "chen": SpeakerFactory(project=project, name="Bo Chen"),
        "critics": SpeakerFactory(project=project, name="Critics"),
    }


@pytest.fixture
def proposed(project, speakers):
    """An article with six proposals of one proposer version."""
    article = ArticleFactory(project=project, text=TEXT)
    machine = AnnotationSetFactory(article=article, kind=SetKind.MACHINE, source=VERSION)
    lopez, chen = speakers["lopez"], speakers["chen"]
    p = {
        "win": _quote(machine, '"We will win,"', cue=("said",), mention=("Ana Lopez",), speaker=lopez),
        "fail": _quote(machine, "the plan would fail", kind="indirect", speaker=speakers["critics"]),
        "never": _quote(machine, '"Never,"', cue=("replied",)),
        "soon": _quote(machine, '"Soon,"', cue=("said", 2), mention=("Bo Chen",), speaker=chen),
        "later": _quote(machine, '"Later,"', speaker=chen),
        "maybe": _quote(machine, '"Maybe,"', speaker=lopez),
    }
    for q in p.values():
        q.status = "proposed"
        q.save()
    return article, machine, p


def _copy(quote, into, status, **changes):
    fields = {
        "start": quote.start,
        "end": quote.end,
        "fragments": quote.fragments,
        "kind": quote.kind,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "speaker": quote.speaker,
    } | changes
    return QuoteFactory(annotation_set=into, proposal=quote, status=status, **fields)


@pytest.mark.django_db
def test_edit_counts_when_each_kind_of_change_happens_once(project, speakers, proposed):
    article, machine, p = proposed
    human = AnnotationSetFactory(
        article=article, kind=SetKind.HUMAN, owner=UserFactory(), status=SetStatus.SUBMITTED, based_on=machine
    )
    _copy(p["win"], human, "accepted")
    start, end = _span('"Never')  # boundary: the comma left out
    _copy(p["never"], human, "edited", start=start, end=end, fragments=[[start, end]])
    _copy(p["fail"], human, "edited", kind="mixed")
    _copy(p["soon"], human, "edited", cue_start=None, cue_end=None)
    _copy(p["later"], human, "edited", speaker=speakers["lopez"])
    _copy(p["maybe"], human, "rejected")
    _quote(human, "Critics said the plan would fail", kind="indirect", status="added")

    [version] = proposer_worth(project=project)
    edits = version["edits"]
    assert version["version"] == VERSION
    assert edits["proposals"] == 6
    assert {
        k: edits[k] for k in ("accepted", "boundary", "kind", "cue", "speaker", "rejected", "added")
    } == dict.fromkeys(("accepted", "boundary", "kind", "cue", "speaker", "rejected", "added"), 1)
    assert edits["unreviewed"] == 0
    assert edits["shares"]["kind"] == round(1 / 6, 4)
    assert edits["shares"]["added"] == round(1 / 6, 4)  # 1 of the 6 quotes kept


@pytest.mark.django_db
def test_a_deleted_proposal_counts_as_rejected_and_an_untouched_one_as_unreviewed(project, proposed):
    article, machine, p = proposed
    human = AnnotationSetFactory(
        article=article, kind=SetKind.HUMAN, owner=UserFactory(), status=SetStatus.SUBMITTED, based_on=machine
    )
    _copy(p["win"], human, "proposed")
    edits = proposer_worth(project=project)[0]["edits"]
    assert edits["rejected"] == 5 and edits["unreviewed"] == 1 and edits["accepted"] == 0


@pytest.mark.django_db
def test_proposals_are_scored_against_gold_with_links_to_the_errors(project, speakers, proposed):
    article, machine, p = proposed
    gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
    _copy(p["win"], gold, "accepted")
    _copy(p["soon"], gold, "accepted")
    _copy(p["later"], gold, "edited", speaker=speakers["lopez"])  # the proposal names the wrong person
    _quote(gold, "Critics said the plan would fail", kind="indirect", status="added", speaker=speakers["critics"])
    _quote(gold, "he replied", kind="indirect", status="added")  # missed; overlaps nothing proposed
    [version] = proposer_worth(project=project)
    figures = version["gold"]
    # Matched: win, soon, later, and "fail" inside the longer gold quote; '"Never,"' and
    # '"Maybe,"' are spurious, "he replied" is missed.
    assert figures["proposed"] == 6 and figures["gold"] == 5
    assert figures["overlap_f1"] == pytest.approx(round(2 * 4 / 11, 4))
    assert figures["speaker_person"] == pytest.approx(round(3 / 4, 4))  # "later" names Bo Chen, gold Ana Lopez
    assert figures["by_kind"]["indirect"]["gold"] == 2
    errors = {(e["type"], TEXT[e["start"] : e["end"]]) for e in figures["errors"]}
    assert errors == {
        ("missed", "he replied"),
        ("spurious", '"Never,"'),
        ("spurious", '"Maybe,"'),
        ("wrong_speaker", '"Later,"'),
    }
    wrong = next(e for e in figures["errors"] if e["type"] == "wrong_speaker")
    assert (wrong["gold_speaker"], wrong["pred_speaker"]) == ("Ana Lopez", "Bo Chen")
    missed = next(e for e in figures["errors"] if e["type"] == "missed")
    start, end = _span("he replied")
    assert missed["editor_url"] == reverse("annotations:editor", kwargs={"pk": article.pk}) + f"#at={start}-{end}"


@pytest.mark.django_db
def test_the_editor_actions_the_proposals_leave_against_those_from_scratch(project, speakers, reviewer, proposed):
    article, machine, p = proposed
    gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
    _copy(p["win"], gold, "accepted")
    _copy(p["soon"], gold, "accepted")
    _copy(p["later"], gold, "edited", speaker=speakers["lopez"])
    _quote(gold, "Critics said the plan would fail", kind="indirect", status="added", speaker=speakers["critics"])
    _quote(gold, "he replied", kind="indirect", status="added")
    [version] = proposer_worth(project=project)
    effort = version["effort"]
    # From the proposals: accept "win" and "soon"; name Ana Lopez on "later"; move the start
    # of "the plan would fail" back to "Critics"; add "he replied" (guessed indirect, right);
    # reject "Never" and "Maybe".
    assert {k: n for k, n in effort["proposals"]["by_action"].items() if n} == {
        "accept": 2,
        "person": 1,
        "boundary": 1,
        "add": 1,
        "reject": 2,
    }
    # From scratch: win and soon 4 each (add, cue, mention, person), later 2 (add, person),
    # the critics' quote 2 (add, person), "he replied" 1.
    assert effort["scratch"]["actions"] == 13 and effort["proposals"]["actions"] == 7
    assert effort["scratch"]["per_gold_quote"] == 2.6 and effort["proposals"]["per_gold_quote"] == 1.4
    assert effort["saved"] == round(1 - 7 / 13, 4)
    assert effort["by_kind"]["indirect"] == {"gold": 2, "per_gold_quote": 1.0, "scratch_per_gold_quote": 1.5}

    out = StringIO()
    call_command("agreement", project=project.slug, as_json=True, no_progress=True, stdout=out)
    assert json.loads(out.getvalue())["proposer"][0]["effort"] == effort
    out = StringIO()
    call_command("agreement", project=project.slug, no_progress=True, stdout=out)
    assert (
        "editor actions per gold quote: 1.400 from the proposals, 2.600 from scratch (46.2 % saved)" in out.getvalue()
    )
    client = Client()
    client.force_login(reviewer)
    html = client.get(reverse("review:dashboard", kwargs={"slug": project.slug})).content.decode()
    assert "Editor actions to reach the gold" in html
    assert re.search(r"Actions per gold quote, from scratch</th><td class=\"num\">2\.600</td>", html)
    assert re.search(r"Actions saved</th><td class=\"num\">46\.2 %</td>", html)


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant of March 2026 in UTC: tests of days set the clock, never read the wall's."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=dt.UTC)


def _progress_of_two_articles(project) -> dict:
    """Two articles imported on March 1st at 23:30 UTC; the first started an hour later
    (March 2nd, 00:30 UTC), and on March 3rd the first is completed and the second started."""
    reviewer = UserFactory()
    with time_machine.travel(_at(1, 23, 30), tick=False):
        first, second = ArticleFactory(project=project), ArticleFactory(project=project)
    with time_machine.travel(_at(2, 0, 30), tick=False):
        article_status_move(article=first, move=ArticleMove.START, actor=reviewer)
    with time_machine.travel(_at(3, 12), tick=False):
        article_status_move(article=first, move=ArticleMove.COMPLETE, actor=reviewer)
        article_status_move(article=second, move=ArticleMove.START, actor=reviewer)
    with time_machine.travel(_at(3, 12, 30), tick=False):
        return status_over_time(project=project)


@pytest.mark.django_db
def test_progress_over_time_comes_from_the_status_events(project, settings):
    settings.TIME_ZONE = "UTC"  # the days are the project's time zone's (next test)
    over_time = _progress_of_two_articles(project)
    assert over_time["dates"] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    series = over_time["series"]
    assert series[ArticleStatus.NEW] == [2, 1, 0]
    assert series[ArticleStatus.IN_PROGRESS] == [0, 1, 1]
    assert series[ArticleStatus.ANNOTATED] == [0, 0, 1]


@pytest.mark.django_db
def test_progress_days_are_the_projects_time_zone_days(project, settings):
    """Fourteen hours east of UTC, 23:30 UTC on March 1st is already March 2nd: the import
    and the first start fall on the same day, and "today" is March 4th."""
    settings.TIME_ZONE = "Pacific/Kiritimati"
    over_time = _progress_of_two_articles(project)
    assert over_time["dates"] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    series = over_time["series"]
    assert series[ArticleStatus.NEW] == [1, 1, 0]
    assert series[ArticleStatus.IN_PROGRESS] == [1, 1, 1]
    assert series[ArticleStatus.ANNOTATED] == [0, 0, 1]


@pytest.mark.django_db
def test_median_minutes_per_article_from_opening_to_submitting(project):
    ann = UserFactory(username="ann")
    now = timezone.now()
    for set_id, minutes in ((101, 10), (102, 30), (103, 20)):
        for action, at in (
            (EventAction.ANNOTATION_CREATE, now - dt.timedelta(minutes=minutes)),
            (EventAction.ANNOTATION_SUBMIT, now),
        ):
            event = event_record(action, project=project, actor=ann, object_id=set_id)
            Event.objects.filter(pk=event.pk).update(created_at=at)
    [row] = annotator_progress(project=project)
    assert row["annotator"] == "ann" and row["median_minutes"] == 20.0


@pytest.mark.django_db
def test_gold_speakers_top_and_types(project, speakers, proposed):
    article, machine, p = proposed
    gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
    _copy(p["soon"], gold, "accepted", speaker_type="named")
    _copy(p["later"], gold, "accepted", speaker_type="named")
    _copy(p["win"], gold, "accepted", speaker_type="pronoun")
    _copy(p["never"], gold, "accepted", speaker_type="")
    result = gold_speakers(project=project)
    assert result["top"] == [{"speaker": "Bo Chen", "quotes": 2}, {"speaker": "Ana Lopez", "quotes": 1}]
    assert result["by_type"]["named"] == {"quotes": 2, "share": 0.5}
    assert result["by_type"]["unset"]["quotes"] == 1


def _two_annotators(project, article, speakers):
    sets = []
    for name, quotes in (
        ("ann", [('"We will win,"', "lopez"), ('"Soon,"', "chen")]),
        ("bob", [('"We will win,"', "lopez"), ('"Soon,"', "lopez"), ('"Later,"', "chen")]),
    ):
        s = AnnotationSetFactory(
            article=article, kind=SetKind.HUMAN, owner=UserFactory(username=name), status=SetStatus.SUBMITTED
        )
        for phrase, who in quotes:
            _quote(s, phrase, speaker=speakers[who], status="accepted")
        sets.append(s)
    return sets


@pytest.mark.django_db
def test_agreement_api_and_command_give_the_same_figures(project, speakers, reviewer, annotator):
    article = ArticleFactory(project=project, text=TEXT)
    _two_annotators(project, article, speakers)
    client = Client()
    client.force_login(reviewer)
    body = client.get(f"/api/projects/{project.slug}/agreement/").json()
    figures = body["project"]
    assert figures["overlap_f1"] == pytest.approx(0.8) and figures["speaker_person"] == 0.5
    assert figures["articles"] == 1 and figures["pairs"] == 1
    assert {"alpha_kind", "alpha_speaker", "soft_f1", "cue", "by_kind"} <= set(figures)
    assert body["pairs"][0]["annotators"] == ["ann", "bob"]
    assert body["articles"][0]["id"] == article.pk and body["articles_page"]["count"] == 1
    assert body["proposer"] == []
    assert figures == project_agreement(project=project)

    out = StringIO()
    call_command("agreement", project=project.slug, as_json=True, no_progress=True, stdout=out)
    assert json.loads(out.getvalue())["project"] == figures
    out = StringIO()
    call_command("agreement", project=project.slug, no_progress=True, stdout=out)
    text = out.getvalue()
    assert re.search(r"Quote overlap F1\s+0\.800", text)
    assert re.search(r"Speaker person agreement\s+0\.500", text)
    assert "ann / bob: 1 article(s)" in text

    assert client.get(f"/api/projects/{project.slug}/agreement/?page=x").status_code == 400
    client.force_login(annotator)
    assert client.get(f"/api/projects/{project.slug}/agreement/").status_code == 403


@pytest.mark.django_db
def test_agreement_articles_come_a_page_at_a_time(project, speakers, monkeypatch):
    from annotator.review import agreement  # noqa: PLC0415  (the module whose page size the test shrinks)

    monkeypatch.setattr(agreement, "ARTICLES_PER_PAGE", 2)
    articles = [ArticleFactory(project=project, text=f"{TEXT} ({n})") for n in range(3)]
    _two_annotators(project, articles[0], speakers)
    for a in articles[1:]:
        for name in ("cy", "di"):
            s = AnnotationSetFactory(
                article=a, kind=SetKind.HUMAN, owner=UserFactory(username=f"{name}{a.pk}"), status=SetStatus.SUBMITTED
            )
            _quote(s, '"Soon,"', status="accepted")
    report = project_quality(project=project, articles=2)
    assert [a["id"] for a in report["articles"]] == [articles[2].pk]
    assert report["articles_page"] == {"number": 2, "pages": 2, "per_page": 2, "count": 3}
    assert report["project"]["articles"] == 3


@pytest.mark.django_db
def test_dashboard_page_shows_every_part_with_charts_as_images(project, speakers, reviewer, proposed):
    article, machine, p = proposed
    _two_annotators(project, article, speakers)
    gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
    _copy(p["win"], gold, "accepted", speaker_type="named")
    article.comments.create(author=reviewer, kind=CommentKind.UNCLEAR, body="Who is he?")
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("review:dashboard", kwargs={"slug": project.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    for heading in ("Progress", "Agreement between annotators", "What the proposals are worth", "Who is quoted"):
        assert heading in html
    assert "<strong>1</strong> open flag" in html
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) >= 5
    import base64  # noqa: PLC0415  (only this test decodes the charts)

    for data in images:
        svg = base64.b64decode(data).decode()
        assert svg.startswith("<svg") and "<script" not in svg
    assert "<script" not in html.split("</header>", 1)[1].replace('<script src="', "")
    assert reverse("review:dashboard", kwargs={"slug": project.slug}) in html  # the menu links it


@pytest.mark.django_db
def test_release_datasheet_takes_the_dashboard_figures(project, speakers, proposed):
    from annotator.releases.services import agreement_markdown  # noqa: PLC0415  (releases sit above review)

    article, machine, p = proposed
    _two_annotators(project, article, speakers)
    gold = AnnotationSetFactory(article=article, kind=SetKind.GOLD, status=SetStatus.SUBMITTED)
    _copy(p["win"], gold, "accepted")
    figures, versions = project_agreement(project=project), proposer_worth(project=project)
    markdown = agreement_markdown(figures, versions)
    assert "| Krippendorff's alpha, kind (matched quotes) | – |" in markdown  # every quote is direct
    # speakers (Lopez, Lopez), (Chen, Lopez): n = 4, diagonal 2, marginals 3 and 1
    assert figures["alpha_speaker"] == pytest.approx(1 - 3 * (4 - 2) / (16 - 9 - 1))
    assert "| Krippendorff's alpha, speaker person (matched quotes) | 0.0 |" in markdown
    assert "| quote overlap F1 | 0.8 |" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {VERSION} |"))
    assert f"| {versions[0]['gold']['overlap_f1']:.3f} |" in row
