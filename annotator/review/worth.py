"""Reads for what the proposals are worth, per proposer version, in chunks.

Two measures, both per proposer version (a machine set's `source`, "engine x.y.z"):

* **against gold**: each article's latest machine set of that version scored against its
  gold set with the proposer's own scorer (`interchange.scoring`), tallies added chunk by
  chunk; the worst errors (missed, spurious, naming the wrong person), each with a link
  to its place in the editor;
* **what people did** to the proposals in their submitted sets: each proposal copied into
  an annotator's set was accepted unchanged, changed (boundary, kind, cue, speaker; a
  quote can change in several ways), rejected (or deleted) or left unreviewed; quotes
  without a proposal were added by hand.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Max
from django.urls import reverse

from annotator.annotations.models import AnnotationSet, Quote, QuoteStatus, SetKind, SetStatus
from annotator.annotations.selectors import quote_values
from annotator.corpus.models import Article
from annotator.interchange.effort import EffortTally, effort_tally
from annotator.interchange.scoring import Tally, rank_errors, tally
from annotator.review.agreement import CHUNK

ERRORS = 20  # errors listed per version
EDIT_OUTCOMES = ("accepted", "boundary", "kind", "cue", "speaker", "rejected", "unreviewed")


def _doc(article_id: int, text: str, quotes: list[dict]) -> dict:
    for q in quotes:
        if q["speaker_start"] is not None:
            q["speaker"] = text[q["speaker_start"] : q["speaker_end"]]
    return {"id": str(article_id), "text": text, "quotes": quotes}


class _VersionTally:
    """The scorer's tallies of one version: by mention, by person, per gold kind; the worst errors."""

    def __init__(self) -> None:
        self.articles = 0
        self.mention, self.person = Tally(), Tally()
        self.kinds: dict[str, Tally] = {}
        self.errors: list[dict] = []
        self.effort = EffortTally()

    def add(self, gold: dict, pred: dict) -> None:
        self.articles += 1
        self.mention += tally([gold], [pred], speaker="mention")
        # Errors by person: a quote is mis-attributed when it names someone else, whatever the mention.
        person = tally([gold], [pred], speaker="entity", errors=True)
        self.errors = rank_errors(self.errors + person.errors, ERRORS)
        person.errors = []
        self.person += person
        for kind in {q.get("kind") for q in gold["quotes"] if q.get("kind")}:
            self.kinds.setdefault(kind, Tally()).__iadd__(tally([gold], [pred], kinds={kind}))
        self.effort += effort_tally(gold["text"], gold["quotes"], pred["quotes"])

    def figures(self) -> dict:
        m, p = self.mention.result(), self.person.result()
        return {
            "articles": self.articles,
            "gold": m["gold"],
            "proposed": m["pred"],
            "overlap_p": m["overlap_p"],
            "overlap_r": m["overlap_r"],
            "overlap_f1": m["overlap_f1"],
            "exact_f1": m["exact_f1"],
            "soft_f1": m["soft_f1"],
            "cue": m["cue_acc"],
            "speaker_mention": m["speaker_acc"],
            "speaker_person": p["speaker_acc"],
            "e2e_f1": m["e2e_f1"],
            "e2e_f1_person": p["e2e_f1"],
            # The gold side restricted to one kind: read recall, not precision.
            "by_kind": {
                k: {"gold": r["gold"], "overlap_r": r["overlap_r"], "speaker_mention": r["speaker_acc"]}
                for k, r in ((k, self.kinds[k].result()) for k in sorted(self.kinds))
            },
            "errors": [
                {
                    **e,
                    "article_id": int(e["doc_id"]),
                    "editor_url": reverse("annotations:editor", kwargs={"pk": int(e["doc_id"])})
                    + f"#at={e['start']}-{e['end']}",
                }
                for e in self.errors
            ],
        }


def _against_gold(*, project) -> dict[str, _VersionTally]:
    """Per version, the scorer's tallies of its latest machine sets against the gold sets."""
    gold_sets = dict(
        AnnotationSet.objects.filter(article__project=project, kind=SetKind.GOLD)
        .order_by("article_id")
        .values_list("article_id", "pk")
    )
    ids = list(gold_sets)
    versions: dict[str, _VersionTally] = {}
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        latest = (
            AnnotationSet.objects.filter(article_id__in=chunk, kind=SetKind.MACHINE)
            .values("article_id", "source")
            .annotate(latest=Max("pk"))
            .values_list("article_id", "source", "latest")
        )
        machine = [(article_id, source or "(unnamed proposer)", pk) for article_id, source, pk in latest]
        set_ids = [gold_sets[a] for a in chunk] + [pk for _, _, pk in machine]
        quotes: dict[int, list[dict]] = {pk: [] for pk in set_ids}
        rows = Quote.objects.filter(annotation_set_id__in=set_ids).exclude(status=QuoteStatus.REJECTED)
        for q in quote_values(rows):
            quotes[q["annotation_set_id"]].append(q)
        texts = dict(Article.objects.filter(pk__in=chunk).values_list("pk", "text"))
        for article_id, source, pk in sorted(machine):
            gold = _doc(article_id, texts[article_id], quotes[gold_sets[article_id]])
            versions.setdefault(source, _VersionTally()).add(gold, _doc(article_id, texts[article_id], quotes[pk]))
    return versions


def _changes(q: dict) -> list[str]:
    """How an annotator's quote differs from the proposal it was copied from."""
    changed = []
    if (q["fragments"] or [[q["start"], q["end"]]]) != (q["p_fragments"] or [[q["p_start"], q["p_end"]]]):
        changed.append("boundary")
    if q["kind"] != q["p_kind"]:
        changed.append("kind")
    if (q["cue_start"], q["cue_end"]) != (q["p_cue_start"], q["p_cue_end"]):
        changed.append("cue")
    if (q["speaker_id"], q["speaker_start"], q["speaker_end"]) != (
        q["p_speaker_id"],
        q["p_speaker_start"],
        q["p_speaker_end"],
    ):
        changed.append("speaker")
    return changed


_COMPARED = ("start", "end", "fragments", "kind", "cue_start", "cue_end", "speaker_id", "speaker_start", "speaker_end")


def _edits(*, project) -> dict[str, dict]:
    """Per version, what annotators did to its proposals in their submitted sets."""
    submitted = AnnotationSet.objects.filter(
        article__project=project, kind=SetKind.HUMAN, status=SetStatus.SUBMITTED, based_on__kind=SetKind.MACHINE
    )
    proposals: Counter = Counter()
    for source, n in submitted.values_list("based_on__source").annotate(n=Count("based_on__quotes")):
        proposals[source or "(unnamed proposer)"] += n
    counts: dict[str, Counter] = {source: Counter() for source in proposals}
    rows = (
        Quote.objects.filter(annotation_set__in=submitted)
        .values("status", "proposal_id", "annotation_set__based_on__source", *_COMPARED)
        .annotate(**{f"p_{name}": F(f"proposal__{name}") for name in _COMPARED})
    )
    for q in rows.iterator(chunk_size=2000):
        c = counts[q["annotation_set__based_on__source"] or "(unnamed proposer)"]
        if q["proposal_id"] is None:
            c["added"] += 1
            c["kept"] += 1
            continue
        c["carried"] += 1
        if q["status"] == QuoteStatus.REJECTED:
            c["rejected"] += 1
            continue
        c["kept"] += 1
        if q["status"] == QuoteStatus.PROPOSED:
            c["unreviewed"] += 1
            continue
        changed = _changes(q)
        c.update(changed)
        c["accepted"] += not changed
    result = {}
    for source, c in counts.items():
        total = proposals[source]
        # A proposal missing from the submitted set was deleted: it counts as rejected.
        outcome = {name: c[name] for name in EDIT_OUTCOMES} | {"rejected": c["rejected"] + total - c["carried"]}
        result[source] = {
            "proposals": total,
            **outcome,
            "added": c["added"],
            "quotes": c["kept"],
            "shares": {name: round(n / total, 4) if total else None for name, n in outcome.items()}
            | {"added": round(c["added"] / c["kept"], 4) if c["kept"] else None},
        }
    return result


def proposer_worth(*, project) -> list[dict]:
    """Per proposer version, newest first: `version`, the scorer's figures against gold
    (`gold`, `None` without gold articles), the editor actions its proposals leave to turn
    them into that gold against those from scratch (`effort`, `interchange.effort`; `None`
    without gold) and what annotators did to its proposals (`edits`, `None` when no
    submitted set started from them)."""
    gold = _against_gold(project=project)
    edits = _edits(project=project)
    return [
        {
            "version": v,
            "gold": gold[v].figures() if v in gold else None,
            "effort": gold[v].effort.figures() if v in gold else None,
            "edits": edits.get(v),
        }
        for v in sorted(set(gold) | set(edits), key=_version_key, reverse=True)
    ]


def _version_key(source: str) -> tuple:
    """'engine 1.10.0' sorts after 'engine 1.9.2'."""
    name, _, version = source.rpartition(" ")
    parts = tuple(int(p) if p.isdigit() else 0 for p in version.split("."))
    return (name, parts, source)
