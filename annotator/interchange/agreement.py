"""Inter-annotator agreement on quotes, as sums that a project adds up chunk by chunk.

Two annotators' quotes of one text are matched with the scorer's rule (spans trimmed of
white space, quotation marks and edge punctuation, paired one to one, largest overlap
first; `scoring.pair_spans`). Every figure is a ratio of counts kept in `PairTally`, so
tallies of articles, pairs and a whole project are added, never recomputed from the
quotes: memory does not grow with the project.

* `overlap_f1`, `exact_f1`, `soft_f1`: as the scorer's, and symmetric (which annotator
  comes first does not matter);
* on matched quotes, `cue`, `speaker_mention`, `speaker_person`: the share of pairs that
  agree among those where either annotator marked one (both marking none is no evidence).

Krippendorff's alpha (`NominalUnits`) is taken on units of matched quotes: the kind each
annotator gave, and the person each named ("none" when they named nobody). Pure Python
and the `krippendorff` package; no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import krippendorff
import numpy as np

from annotator.interchange.alignment import align, speaker_key
from annotator.interchange.scoring import Span, Summed, overlap, pair_spans, trimmed

NO_SPEAKER = "none"  # the speaker value of a quote that names nobody, for alpha
# Above this many cells (units x values x values) the package's dense coincidence step
# would need more memory than the figure is worth: the same alpha is then taken from the
# units' coincidence sums (see `NominalUnits.alpha`).
DENSE_CELLS = 2_000_000


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _span(quote: dict, prefix: str) -> Span | None:
    start = quote.get(f"{prefix}_start")
    return None if start is None else (start, quote[f"{prefix}_end"])


def _spans_agree(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and overlap(a, b) > 0


@dataclass
class PairTally(Summed):
    """Counts behind the agreement figures of one or more pairs of quote sets."""

    pairs: int = 0  # pairs of sets compared
    left: int = 0
    right: int = 0
    matched: int = 0
    exact: int = 0
    soft_left: float = 0.0  # per matched pair, overlap / length of the left quote
    soft_right: float = 0.0
    cue_n: int = 0
    cue_ok: int = 0
    mention_n: int = 0
    mention_ok: int = 0
    person_n: int = 0
    person_ok: int = 0

    def figures(self) -> dict:
        """The stable figures: ratios rounded to 4 places, `None` where nothing was compared."""

        def share(ok: int, n: int) -> float | None:
            return round(ok / n, 4) if n else None

        return {
            "quotes": self.left + self.right,
            "matched": self.matched,
            "overlap_f1": round(_f1(_ratio(self.matched, self.right), _ratio(self.matched, self.left)), 4),
            "exact_f1": round(_f1(_ratio(self.exact, self.right), _ratio(self.exact, self.left)), 4),
            "soft_f1": round(_f1(_ratio(self.soft_right, self.right), _ratio(self.soft_left, self.left)), 4),
            "cue": share(self.cue_ok, self.cue_n),
            "speaker_mention": share(self.mention_ok, self.mention_n),
            "speaker_person": share(self.person_ok, self.person_n),
        }


def pair_tally(text: str, left: list[dict], right: list[dict]) -> tuple[PairTally, list[tuple[dict, dict]]]:
    """The tally of two annotators' quotes of one text, and the matched (left, right) quotes."""
    lspans = [trimmed(text, q["start"], q["end"]) for q in left]
    rspans = [trimmed(text, q["start"], q["end"]) for q in right]
    t = PairTally(pairs=1, left=len(left), right=len(right))
    matched = []
    for ov, i, j in pair_spans(lspans, rspans):
        a, b = left[i], right[j]
        matched.append((a, b))
        t.matched += 1
        t.exact += lspans[i] == rspans[j]
        t.soft_left += ov / max(1, lspans[i][1] - lspans[i][0])
        t.soft_right += ov / max(1, rspans[j][1] - rspans[j][0])
        for prefix, n, ok in (("cue", "cue_n", "cue_ok"), ("speaker", "mention_n", "mention_ok")):
            sa, sb = _span(a, prefix), _span(b, prefix)
            if sa is not None or sb is not None:
                setattr(t, n, getattr(t, n) + 1)
                setattr(t, ok, getattr(t, ok) + _spans_agree(sa, sb))
        pa, pb = speaker_key(a), speaker_key(b)
        if pa is not None or pb is not None:
            t.person_n += 1
            t.person_ok += pa == pb
    return t, matched


def speaker_value(quote: dict) -> str:
    """The person a quote names, as a value for alpha (`NO_SPEAKER` when it names nobody)."""
    key = speaker_key(quote)
    return NO_SPEAKER if key is None else f"{key[0]}:{key[1]}"


@dataclass
class NominalUnits:
    """Units of a nominal variable (each the values its coders gave), for Krippendorff's alpha.

    A unit is kept as the sorted tuple of its values and counted, so a project's units
    take the room of their distinct kinds of disagreement, not of the quotes.
    """

    rows: Counter = field(default_factory=Counter)

    def add(self, values: Iterable[object]) -> None:
        values = tuple(sorted(str(v) for v in values))
        if len(values) >= 2:  # a unit one coder saw is not pairable
            self.rows[values] += 1

    def __iadd__(self, other: NominalUnits) -> NominalUnits:
        self.rows.update(other.rows)
        return self

    @property
    def units(self) -> int:
        return sum(self.rows.values())

    def alpha(self) -> float | None:
        """Krippendorff's alpha (nominal), or `None` when it is undefined.

        Undefined with no pairable unit, or when every coder always gave the same one
        value (no expected disagreement). The `krippendorff` package computes it from the
        units' value counts; its coincidence step is dense (units x values x values), so
        for a large domain (speakers of a big project) the same formula runs on the sums
        of the coincidences, which the package's per-unit rule defines:
        alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2).
        """
        if not self.rows:
            return None
        domain = sorted({v for row in self.rows for v in row})
        if len(domain) < 2:
            return None
        if self.units * len(domain) ** 2 <= DENSE_CELLS:
            index = {v: i for i, v in enumerate(domain)}
            distinct = np.zeros((len(self.rows), len(domain)), dtype=np.int64)
            for r, row in enumerate(self.rows):
                for v in row:
                    distinct[r, index[v]] += 1
            counts = np.repeat(distinct, list(self.rows.values()), axis=0)
            return round(float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")), 4)
        return round(self._alpha_from_coincidences(), 4)

    def _alpha_from_coincidences(self) -> float:
        agreeing = 0.0  # sum over values c of o_cc
        totals: Counter = Counter()  # n_c, pairable values per value
        for row, weight in self.rows.items():
            counts = Counter(row)
            m = len(row)
            agreeing += weight * sum(n * (n - 1) for n in counts.values()) / (m - 1)
            for value, n in counts.items():
                totals[value] += weight * n
        n = sum(totals.values())
        expected = n * n - sum(c * c for c in totals.values())
        return 1 - (n - 1) * (n - agreeing) / expected


@dataclass
class Agreement:
    """Agreement of several sets: the pairs' tally, alpha on kind and speaker, the same by kind."""

    tally: PairTally = field(default_factory=PairTally)
    kind_units: NominalUnits = field(default_factory=NominalUnits)
    speaker_units: NominalUnits = field(default_factory=NominalUnits)
    by_kind: dict[str, PairTally] = field(default_factory=dict)

    def __iadd__(self, other: Agreement) -> Agreement:
        self.tally += other.tally
        self.kind_units += other.kind_units
        self.speaker_units += other.speaker_units
        for kind, t in other.by_kind.items():
            self.by_kind.setdefault(kind, PairTally()).__iadd__(t)
        return self

    def figures(self) -> dict:
        return {
            **self.tally.figures(),
            "alpha_kind": self.kind_units.alpha(),
            "alpha_speaker": self.speaker_units.alpha(),
            "units": self.kind_units.units,
            "by_kind": {k: self.by_kind[k].figures() for k in sorted(self.by_kind)},
        }


def _kind_tallies(text: str, left: list[dict], right: list[dict]) -> dict[str, PairTally]:
    """Per quote kind, the tally of the two sets restricted to quotes of that kind."""
    kinds = sorted({q.get("kind") for q in left + right if q.get("kind")})
    return {
        k: pair_tally(text, [q for q in left if q.get("kind") == k], [q for q in right if q.get("kind") == k])[0]
        for k in kinds
    }


def pair_agreement(text: str, left: list[dict], right: list[dict]) -> Agreement:
    """Agreement of two sets of one text; alpha's units are the matched quotes."""
    tally, matched = pair_tally(text, left, right)
    result = Agreement(tally=tally, by_kind=_kind_tallies(text, left, right))
    for a, b in matched:
        result.kind_units.add([a.get("kind"), b.get("kind")])
        result.speaker_units.add([speaker_value(a), speaker_value(b)])
    return result


def text_units(text: str, sets: list[list[dict]]) -> tuple[NominalUnits, NominalUnits]:
    """Alpha's units over all sets of one text: each group of matching quotes (`align`).

    A set with exactly one quote in a group gives its value; one that split the quote in
    two gives none there (it is missing data for that unit, as alpha allows).
    """
    kinds, speakers = NominalUnits(), NominalUnits()
    for group in align(text, sets):
        mine: dict[int, list[int]] = {}
        for s, j in group.members:
            mine.setdefault(s, []).append(j)
        quotes = [sets[s][js[0]] for s, js in mine.items() if len(js) == 1]
        kinds.add(q.get("kind") for q in quotes)
        speakers.add(speaker_value(q) for q in quotes)
    return kinds, speakers


def disagreement(text: str, sets: list[list[dict]]) -> float | None:
    """How far apart an article's annotators are, for the review queue: one minus the mean of
    their pairs' overlap F1 and, on the quotes they matched, the shares with the same cue and
    the same speaker mention (those nobody marked are left out, as in `PairTally.figures`).

    0 when every pair marked the same quotes with the same cues and speakers (or no quotes
    at all), 1 when no quote of one annotator overlaps one of another's. None with fewer
    than two sets: nothing to compare.
    """
    if len(sets) < 2:
        return None
    total = PairTally()
    for i, left in enumerate(sets):
        for right in sets[i + 1 :]:
            total += pair_tally(text, left, right)[0]
    if total.left + total.right == 0:
        return 0.0
    figures = total.figures()
    parts = [figures["overlap_f1"]] + [figures[k] for k in ("cue", "speaker_mention") if figures[k] is not None]
    return round(1 - sum(parts) / len(parts), 4)
