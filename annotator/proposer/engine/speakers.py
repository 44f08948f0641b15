"""Resolving speaker mentions to one canonical person (or organisation) per article.

Named mentions are clustered by name (surnames and first names join the longest
full name that contains them; a surname glued to the next word, "Blinkenafter",
is cut back to the known surname).  Pronouns go to the most recent compatible
person in subject position, descriptions ("the Dutch politician") to the person
whose nearby words they share, falling back to the most salient recent person.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import lexicon as lx
from .facts import CANDIDATE, UNTAGGED, Mention, PersonMention

_WORD_RE = re.compile(r"[\w][\w.'’-]*", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
_SALIENCE_WINDOW = 2500  # characters: a pronoun rarely reaches further back in news prose
_SPEAKER_WINDOW = 900  # characters: "he said" after a quote usually means the last speaker


def _name_words(name: str) -> list[str]:
    # zero-width and other format characters glue to names in scraped text
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    words = [_POSSESSIVE_RE.sub("", w) for w in name.split()]
    words = [w.strip('.,;:()[]"“”') for w in words]
    return [w for w in words if w and w.lower().rstrip(".") not in lx.TITLES and w.lower() != "the"]


def _surnames_of(name: str) -> set[str]:
    """The lower-cased surname of a full name, and each part of a hyphenated one.

    "Kathleen Wilson-Thompson" is "Wilson-Thompson", and later just "Thompson" or "Wilson".
    """
    words = name.lower().split()
    if not words:
        return set()
    last = words[-1]
    parts = [w for w in last.split("-") if len(w) >= 2]
    return {last} | (set(parts) if len(parts) > 1 else set())


def _name_keys(words: list[str], label: str) -> set[str]:
    """The words a cluster is found by: its words, and for people the parts of a hyphenated surname."""
    keys = {w.lower() for w in words}
    if label == "PERSON" and words:
        keys |= _surnames_of(words[-1])
    return keys


@dataclass
class _Cluster:
    canonical: str
    words: set[str]
    label: str
    context: set[str] = field(default_factory=set)
    gender: str | None = None
    positions: list[int] = field(default_factory=list)


class EntityRegistry:
    """The people and organisations named in one article, with their aliases."""

    def __init__(self, entities: list[PersonMention], lone_names: Iterable[str] = ()):
        """``lone_names``: one-word names seen elsewhere (e.g. as speakers), to unglue surnames."""
        self.clusters: list[_Cluster] = []
        self._by_word: dict[str, list[_Cluster]] = {}
        singles = [_name_words(e.text) for e in entities if e.label not in (CANDIDATE, UNTAGGED)] + [
            _name_words(n) for n in lone_names
        ]
        surnames = {w[0] for w in singles if len(w) == 1 and len(w[0]) >= 3 and w[0][:1].isupper()}
        self._surnames = surnames
        # longest names first, so a lone surname joins the full name
        cleaned: list[tuple[PersonMention, list[str]]] = []
        for e in entities:
            words = self.fix_glue_words(_name_words(e.text))
            if words and not all(w.lower() in lx.LABEL_WORDS for w in words):  # "Story continues below"
                cleaned.append((e, words))
        order = sorted(
            range(len(cleaned)),
            key=lambda k: (-len(cleaned[k][1]), cleaned[k][0].start, cleaned[k][0].label not in (CANDIDATE, UNTAGGED)),
        )
        self._mention_cluster: dict[tuple[int, int], _Cluster] = {}
        dropped: set[int] = set()
        for k in order:
            e, words = cleaned[k]
            if e.label in (CANDIDATE, UNTAGGED):
                # a capitalised subject the NER did not call a person: a known surname joins its person;
                # one the NER gave no label at all is a person of its own, unless an organisation has the name
                lw = words[-1].lower()
                known = next(
                    (c for c in self._by_word.get(lw, []) if c.label == "PERSON" and lw in _surnames_of(c.canonical)),
                    None,
                )
                named_otherwise = any(c.label != "PERSON" for c in self._by_word.get(lw, []))
                if len(words) != 1 or (known is None and (e.label == CANDIDATE or named_otherwise)):
                    dropped.add(k)
                    continue
                e = replace(e, label="PERSON")
                cleaned[k] = (e, words)
            cl = self._match(words, e.label)
            if cl is None:
                cl = _Cluster(" ".join(words), _name_keys(words, e.label), e.label)
                self.clusters.append(cl)
                for w in cl.words:
                    self._by_word.setdefault(w, []).append(cl)
            cl.context |= set(e.context)
            cl.positions.append(e.start)
            self._mention_cluster[(e.start, e.end)] = cl
            title = e.text.split()[0].lower().rstrip(".") if e.text.split() else ""
            first = words[0].lower() if len(words) > 1 or e.label == "PERSON" else ""
            if e.label == "PERSON" and cl.gender is None and first:
                cl.gender = "m" if first in lx.MALE_NAMES else "f" if first in lx.FEMALE_NAMES else None
            if title in lx.MALE_TITLES or any(w in lx.MALE_TITLES for w in e.context):
                cl.gender = cl.gender or "m"
            elif title in lx.FEMALE_TITLES or any(w in lx.FEMALE_TITLES for w in e.context):
                cl.gender = cl.gender or "f"
        cleaned = [c for k, c in enumerate(cleaned) if k not in dropped]
        self._expand_acronyms()
        for cl in self.clusters:
            cl.positions.sort()
        self.person_words = {w for cl in self.clusters if cl.label == "PERSON" for w in cl.words}
        # mentions of people in text order, for salience: (pos, cluster, is_subject)
        self.events: list[tuple[int, _Cluster, bool]] = sorted(
            (
                (e.start, self._mention_cluster[(e.start, e.end)], e.is_subject)
                for e, _ in cleaned
                if e.label == "PERSON"
            ),
            key=lambda x: x[0],
        )
        # named people as main-clause subjects, (start, end, cluster) in text order
        self.subjects = sorted(
            (e.start, e.end, self._mention_cluster[(e.start, e.end)])
            for e, _ in cleaned
            if e.label == "PERSON" and e.is_subject
        )
        self.subject_starts = [s for s, _, _ in self.subjects]
        self.org_events: list[tuple[int, _Cluster, bool]] = sorted(
            (
                (e.start, self._mention_cluster[(e.start, e.end)], e.is_subject)
                for e, _ in cleaned
                if e.label != "PERSON"
            ),
            key=lambda x: x[0],
        )

    def _expand_acronyms(self) -> None:
        """ "the PBO" is the Parliamentary Budget Officer named elsewhere: one canonical name."""
        by_initials: dict[str, _Cluster] = {}
        for cl in self.clusters:
            words = [w for w in cl.canonical.split() if w[:1].isupper()]
            if len(words) >= 2:
                by_initials.setdefault("".join(w[0] for w in words).upper(), cl)
        for cl in self.clusters:
            name = cl.canonical.replace(".", "")
            if cl.label != "PERSON" and " " not in name and 2 <= len(name) <= 6 and name.isupper():
                full = by_initials.get(name)
                if full is not None and full is not cl:
                    cl.canonical = full.canonical

    def fix_glue_words(self, words: list[str]) -> list[str]:
        """Cut a known surname glued to the next word ("Blinkenafter" -> "Blinken")."""
        if not words:
            return words
        last = words[-1]
        if last in self._surnames:
            return words
        for s in self._surnames:
            rest = last[len(s) :]
            if last.startswith(s) and rest in lx.GLUE_FOLLOWERS:
                return words[:-1] + [s]
        return words

    def glue_cut(self, text: str) -> int:
        """How many characters of glued text end a name (0 when none)."""
        words = text.split()
        if not words:
            return 0
        fixed = self.fix_glue_words(words)
        return len(words[-1]) - len(fixed[-1]) if fixed[-1] != words[-1] else 0

    def _match(self, words: list[str], label: str) -> _Cluster | None:
        lw = [w.lower() for w in words]
        if label != "PERSON":
            # organisations only join a cluster of the very same name
            return next(
                (c for c in self._by_word.get(lw[-1], []) if c.label == label and c.canonical.lower() == " ".join(lw)),
                None,
            )
        cands = [
            c for c in self._by_word.get(lw[-1], []) if c.label == label or label == "PERSON" and c.label == "PERSON"
        ]
        if len(lw) == 1:
            # a lone word: prefer clusters where it is the surname
            for c in cands:
                if lw[0] in _surnames_of(c.canonical):
                    return c
            return cands[0] if cands else None
        for c in cands:
            if set(lw) <= c.words and lw[-1] in _surnames_of(c.canonical):
                return c
        return None

    def cluster_for(self, start: int, end: int, text: str, label: str) -> _Cluster | None:
        """The cluster of a named mention, by its offsets or, failing that, by its words."""
        cl = self._mention_cluster.get((start, end))
        words = self.fix_glue_words(_name_words(text))
        if cl is not None and cl.label != "PERSON" and len(words) == 1:
            # NER often calls a lone surname an organisation: prefer the person
            person = next((c for c in self._by_word.get(words[0].lower(), []) if c.label == "PERSON"), None)
            return person or cl
        if cl is not None:
            return cl
        if not words:
            return None
        lw = [w.lower() for w in words]
        cands = self._by_word.get(lw[-1], [])
        if label == "PERSON" and any(c.label == "PERSON" for c in cands):
            cands = [c for c in cands if c.label == "PERSON"]
        if len(cands) > 1:
            # several people share the word: the one mentioned most recently before
            return max(cands, key=lambda c: max((p for p in c.positions if p <= start), default=-1))
        return cands[0] if cands else None


def _qualifiers_fit(m: Mention, cl: _Cluster) -> bool:
    """ "the Canadian government" cannot be the Australian Government."""
    for _, _, t, lab in m.names:
        if lab not in ("NORP", "GPE"):
            continue
        for w in t.lower().split():
            forms = {w} | set(lx.DEMONYMS.get(w, ()))
            if not any(f in cl.words or f in cl.canonical.lower() for f in forms):
                return False
    return True


def _strip_determiner(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an", "this", "that", "these", "those"):
        words = words[1:]
    return " ".join(words)


class SpeakerResolver:
    """Turns speaker mentions, taken in text order, into canonical names."""

    def __init__(self, registry: EntityRegistry):
        self.registry = registry
        self._events = list(registry.events)  # (pos, cluster, is_subject)
        self._positions = [e[0] for e in self._events]
        self._by_name = {c.canonical: c for c in registry.clusters}
        self._speakers: list[tuple[int, _Cluster]] = []  # speakers of earlier quotes, in order
        self._exclude: tuple[tuple[int, int], ...] = ()
        self._groups: list[tuple[int, str]] = []  # unnamed plural sources, in order
        self._org_subjects = [(p, cl) for p, cl, subj in registry.org_events if subj]
        self._unnamed_seen: list[tuple[int, str, str]] = []  # (pos, head, name) of unnamed sources

    def note_speaker(self, pos: int, canonical: str | None, *, group: bool = False) -> None:
        """Remember who spoke at ``pos``: pronouns prefer recent speakers.

        ``group``: an unnamed plural source ("officials", "protesters"), the
        likely referent of a following "they".
        """
        if group and canonical:
            self._groups.append((pos, canonical))
            return
        cl = self._by_name.get(canonical or "")
        if cl is not None and cl.label == "PERSON":
            self._speakers.append((pos, cl))
            self._remember(pos, cl)
        elif cl is not None:
            k = bisect.bisect_right([p for p, _ in self._org_subjects], pos)
            self._org_subjects.insert(k, (pos, cl))

    def subject_between(self, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
        """The last named person who is a sentence subject between two offsets, with the mention span."""
        k = bisect.bisect_left(self.registry.subject_starts, end) - 1
        if k >= 0 and self.registry.subject_starts[k] > start:
            s, e, cl = self.registry.subjects[k]
            return cl.canonical, (s, e)
        return None

    def _recent_speaker(self, pos: int, gender: str | None) -> _Cluster | None:
        for p, cl in reversed(self._speakers[-8:]):
            if p < pos and pos - p <= _SPEAKER_WINDOW and (gender is None or cl.gender in (None, gender)):
                return cl
        return None

    def _remember(self, pos: int, cluster: _Cluster) -> None:
        k = bisect.bisect_right(self._positions, pos)
        self._positions.insert(k, pos)
        self._events.insert(k, (pos, cluster, True))

    def _recent(self, pos: int, *, gender: str | None, subject_only: bool) -> _Cluster | None:
        k = bisect.bisect_left(self._positions, pos) - 1
        while k >= 0:
            p, cl, is_subj = self._events[k]
            if pos - p > _SALIENCE_WINDOW:
                break
            if (
                cl.label == "PERSON"
                and (not subject_only or is_subj)
                and (gender is None or cl.gender in (None, gender))
                and not any(s <= p < e for s, e in self._exclude)
            ):
                return cl
            k -= 1
        return None

    def resolve(self, m: Mention, exclude: tuple[tuple[int, int], ...] = ()) -> tuple[str | None, str, tuple[int, int]]:
        """(canonical name, speaker type, mention span with glued text cut off).

        ``exclude``: the quote's own spans; a pronoun never refers to a person
        named inside what it reports ("Smith was hurt, he said" is not Smith).
        """
        self._exclude = exclude
        span = (m.start, m.end)
        if m.kind == "pronoun":
            low = m.head
            if low in lx.PERSON_PRONOUNS:
                gender = "m" if low in lx.MALE_PRONOUNS else "f" if low in lx.FEMALE_PRONOUNS else None
                cl = (
                    self._recent(m.start, gender=gender, subject_only=True)
                    or self._recent_speaker(m.start, gender)
                    or self._recent(m.start, gender=gender, subject_only=False)
                )
                if cl is not None:
                    if gender and cl.gender is None:
                        cl.gender = gender
                    self._remember(m.start, cl)
                    return cl.canonical, "pronoun", span
            elif low in ("it", "they", "we"):
                if low == "they":
                    grp = next(
                        (g for p, g in reversed(self._groups[-4:]) if p < m.start and m.start - p <= _SPEAKER_WINDOW),
                        None,
                    )
                    if grp is not None:
                        return grp, "pronoun", span
                cl = self._recent_org(m.start)
                if cl is not None:
                    return cl.canonical, "pronoun", span
            return None, "pronoun", span
        if m.kind == "org-description":
            qualified = any(n[3] in ("NORP", "GPE") for n in m.names)
            cl = self._org_named_like(m) or (None if qualified else self._recent_org(m.start))
            if cl is not None:
                return cl.canonical, "description", span
            return _strip_determiner(m.core or m.text), "description", span
        persons = [n for n in m.names if n[3] == "PERSON"]
        if m.head in lx.SOURCE_NOUNS and m.names:
            # "the RCMP statement said", "a release from the union": the author speaks
            s, e, t, lab = m.names[0]
            cl = self.registry.cluster_for(s, e, t, lab)
            return (cl.canonical if cl else _strip_determiner(t)), "named", span
        if not persons and m.kind != "named" and any(n[3] in ("ORG", "GPE", "FAC") for n in m.names):
            return _strip_determiner(m.core or m.text), "description", span
        if persons:
            # the name that is the head ("candidate Doug McCallum") or stands in apposition
            # to it ("the Secretary of State, Anthony Blinken"); a name that only modifies
            # the head ("Surrey staff", "Spindler's father") does not speak
            head_end = m.start + len(m.core) if m.core else m.end
            persons = [n for n in persons if n[1] >= head_end] or []
            if not persons:
                return _strip_determiner(m.core or m.text), "description", span
            together = self._named_together(m, persons)
            if together is not None:
                return together, "named", span
            s, e, t, lab = persons[0]
            cl = self.registry.cluster_for(s, e, t, lab)
            cut = self.registry.glue_cut(t)
            if cut and m.end == e:
                span = (m.start, m.end - cut)
            if cl is not None:
                return cl.canonical, "named", span
            return " ".join(_name_words(t)) or t, "named", span
        earlier = self._earlier_unnamed(m)
        if earlier is not None:
            return earlier, "description", span
        if (
            m.kind == "description"
            and m.head not in lx.ANONYMOUS_HEADS
            and m.text.split()[0].lower()
            not in (
                "a",
                "an",
                "one",
                "another",
                "some",
                "several",
            )
        ):
            cl = self._describe(m)
            if cl is not None:
                self._remember(m.start, cl)
                return cl.canonical, "description", span
        if m.kind in ("description", "other"):
            return self._unnamed(m), "description", span
        if m.names:
            s, e, t, lab = m.names[-1]
            cl = self.registry.cluster_for(s, e, t, lab)
            if cl is not None and lab in ("ORG",):
                return cl.canonical, "named", span
            if m.kind == "named" and len(m.names) == 1 and (e - s) >= (m.end - m.start) * 0.6:
                return _strip_determiner(t), "named", span
        if m.kind == "named":
            cl = self.registry.cluster_for(m.start, m.end, m.core or m.text, "PERSON")
            if cl is not None:
                return cl.canonical, "named", span
            return _strip_determiner(m.core or m.text), "named", span
        return self._unnamed(m), "description", span

    def _named_together(self, m: Mention, persons: list[tuple[int, int, str, str]]) -> str | None:
        """ "Ann Lee and Tom Berg said": both people, as one source named by both names."""
        if len(persons) < 2:
            return None
        for (_, e1, _, _), (s2, _, _, _) in zip(persons, persons[1:], strict=False):
            gap = m.text[e1 - m.start : s2 - m.start].strip(" ,").lower()
            if gap not in ("and", "&", ""):
                return None
        names = []
        for s, e, t, lab in persons:
            cl = self.registry.cluster_for(s, e, t, lab)
            names.append(cl.canonical if cl is not None else " ".join(_name_words(t)) or t)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def _unnamed(self, m: Mention) -> str | None:
        """An unnamed source stands for itself, named as the article describes it ("people arrested last week")."""
        words = m.text.split()
        name = _strip_determiner(m.text) if len(words) <= 12 else _strip_determiner(m.core or m.text)
        name = name or _strip_determiner(m.core or m.text)
        if name:
            self._unnamed_seen.append((m.start, m.head, name))
        return name or None

    def _earlier_unnamed(self, m: Mention) -> str | None:
        """ "the official" after "a senior official said": the same unnamed source."""
        if m.kind not in ("description", "other") or m.names:
            return None
        first = m.text.split()[0].lower() if m.text.split() else ""
        if first not in ("the", "this", "that", "these", "those"):
            return None
        for pos, head, name in reversed(self._unnamed_seen):
            if m.start - pos > _SALIENCE_WINDOW:
                break
            if head == m.head and pos < m.start:
                return name
        return None

    def _org_named_like(self, m: Mention) -> _Cluster | None:
        """ "the union" -> the last organisation whose name says it is a union."""
        best, best_pos = None, -1
        for cl in self.registry.clusters:
            if cl.label == "ORG" and m.head in cl.words and _qualifiers_fit(m, cl):
                k = bisect.bisect_left(cl.positions, m.start) - 1
                if k >= 0 and cl.positions[k] > best_pos:
                    best, best_pos = cl, cl.positions[k]
        return best

    def _recent_org(self, pos: int) -> _Cluster | None:
        """The organisation in focus: the last one that spoke or was a subject, else the last named."""
        best, best_pos = None, -1
        for cl in self.registry.clusters:
            if cl.label != "ORG" or cl.words <= self.registry.person_words:
                continue  # a lone surname the NER took for an organisation
            k = bisect.bisect_left(cl.positions, pos) - 1
            if k >= 0 and cl.positions[k] > best_pos and pos - cl.positions[k] <= _SALIENCE_WINDOW:
                best, best_pos = cl, cl.positions[k]
        for p, cl in reversed(self._org_subjects):
            if p < pos and pos - p <= _SALIENCE_WINDOW and not cl.words <= self.registry.person_words:
                return cl
        return best

    def _describe(self, m: Mention) -> _Cluster | None:
        """The person a description stands for: shared descriptive words, else salience."""
        words = {w for w in m.words if w not in ("the", "a", "an", "former", "then", m.head)}
        best, best_score, best_pos = None, 0, -1
        for cl in self.registry.clusters:
            if cl.label != "PERSON":
                continue
            before = [p for p in cl.positions if p < m.start]
            if not before:
                continue
            ctx = cl.context
            score = sum(
                2 for w in words if w in ctx or any(all(x in ctx for x in v.split()) for v in lx.DEMONYMS.get(w, ()))
            )
            score += m.head in ctx
            if score > best_score or (score == best_score and score > 0 and before[-1] > best_pos):
                best, best_score, best_pos = cl, score, before[-1]
        if best is not None:
            return best
        # Without shared words, a definite description ("the 39-year-old", "the Dutch
        # politician") stands for the person in focus, as news prose uses it.
        return (
            self._recent_speaker(m.start, None)
            or self._recent(m.start, gender=None, subject_only=True)
            or self._recent(m.start, gender=None, subject_only=False)
        )
