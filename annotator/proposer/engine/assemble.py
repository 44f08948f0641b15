"""Combining quotation marks and parse-derived attributions into quote drafts.

Order of decisions (each step only sees what earlier steps left):

1. every attribution whose reported clause was found in the parse becomes an
   indirect quote, or a direct / mixed one when quotation marks cover all or
   part of the clause;
2. quotations not yet claimed look for a cue right after them (``," he said``)
   or right before them (``He added: "...``); a second quotation right after
   such a cue continues the first one (an interrupted quote);
3. quotations still alone take the speaker of the nearby previous quote (news
   convention for quote-only paragraphs), and cues without a subject
   (``..., considered.``) do the same.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .facts import Attribution, Mention, Span
from .quotes import QuoteSpan

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’»]?\s+[A-Z“\"‘«]")
_PARAGRAPH_WINDOW = 2  # paragraphs back a quote without cue may take its speaker from
_AFTER_REACH = 90  # characters between a closing mark and its cue
_BEFORE_REACH = 60  # characters between a cue and the quotation it introduces

#: Confidence by how the quote and its speaker were found.
CONFIDENCE = {
    ("direct", "cue"): 0.92,
    ("mixed", "cue"): 0.85,
    ("indirect", "speech"): 0.75,
    ("indirect", "source"): 0.7,
    ("indirect", "headline"): 0.6,
    ("indirect", "intent"): 0.55,
    ("indirect", "belief"): 0.5,
    ("direct", "inherited"): 0.6,
    ("direct", "signed"): 0.8,
    ("direct", "alone"): 0.35,
}


@dataclass
class Draft:
    """A quote before its speaker is resolved."""

    fragments: list[Span]
    kind: str
    cue: Span | None
    mention: Mention | None
    confidence: float
    #: speaker comes from the previous quote (no cue, or a cue without subject)
    inherit: bool = False

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


class _Paragraphs:
    """Index of paragraph numbers by character offset.

    A paragraph is a line with some word character; lines of only punctuation
    (" ." separators in some feeds) or white space do not count.
    """

    def __init__(self, text: str):
        self.starts = [0] + [m.start() for m in re.finditer(r"(?<=\n)[^\n]*\w", text)]

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _word_count(text: str, span: Span) -> int:
    return len(_WORD_RE.findall(text, span[0], span[1]))


def _introduces(gap: str) -> bool:
    """A cue runs straight into its quotation: 'chanted "Go!"', 'described as "chaos"'."""
    words = gap.split()
    return len(gap) <= 30 and (not words or words[-1].lower() == "as")


_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for and or but nor with from by as into over under vs is be de la le".split()
)


def _reports_back(text: str, q: QuoteSpan, gap: str) -> bool:
    """Whether a cue after a quotation can report it ('"...," she said').

    The quotation ends in punctuation, or punctuation or a short speaker phrase
    separates it from the cue; a quoted word in mid-sentence ('the "waves" in
    the jet stream push warm air north, explaining ...') is not what the cue reports.
    """
    inner = text[q.start : q.end].rstrip("”\"’'»` ")
    if inner.endswith((",", ".", "!", "?", "…", "—", "–", "-", ":", ";")):
        return True
    g = gap.strip()
    return not g or g[0] in ",;:—–-(" or len(g.split()) <= 3


def looks_like_title(text: str, span: Span) -> bool:
    """A quoted name or title ("The Boy Who Would Be Mayor", "Face the Facts"), not speech."""
    inner = text[span[0] : span[1]].strip(" \"'“”‘’«»`")
    if re.search(r"[.!?…]\s", inner):
        return False  # two sentences: speech
    words = re.findall(r"[^\W\d_][\w'’-]*", inner)
    if not 2 <= len(words) <= 10:
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words)


_LINK_LABEL_RE = re.compile(r"(?m)^[ \t•*>-]*((?:[A-Za-z]+[ \t]+){0,2}[A-Za-z]+)[ \t]*:")
_LINK_WORDS = frozenset(
    "read more watch below above related see also listen video videos click here story stories relevant reading".split()
)


def _link_lines(text: str) -> list[Span]:
    """Lines that link to other articles ("READ MORE: Mayor says ...", "WATCH: ..."): not this story's quotes."""
    out = []
    for m in _LINK_LABEL_RE.finditer(text):
        if all(w.lower() in _LINK_WORDS for w in m.group(1).split()):
            end = text.find("\n", m.end())
            out.append((m.start(), len(text) if end == -1 else end))
    return out


#: A photo credit closing a line: "(Jane Roe/Agency)", "(Getty Images)", "Jane Roe/THE AGENCY."
#: (the bare form needs a full name and a capitalised agency: "Canada/U.S." is no credit)
_CREDIT_RE = re.compile(
    r"(?:\(\s*[^()\n]*(?:/|\b(?:[Pp]hoto|PHOTO|Getty|Images|File|FILE|Handout|Shutterstock)\b)[^()\n]*\)"
    r"|\b[A-Z][a-z]+(?: [A-Z][\w'’-]+){1,3}/[A-Z][A-Z .&'’-]{1,40})[ \t]*\.?[ \t]*$",
    re.M,
)


#: A photo gallery's caption as news sites print it: "Open this photo in gallery A cyclist rides by ...".
_GALLERY_RE = re.compile(r"^[ \t]*(?:Open|View) this (?:photo|image) in (?:the )?gallery\b.*$", re.M | re.I)


def _caption_lines(text: str) -> list[Span]:
    """Photo captions (a line ending in a photo credit, or a gallery caption): they repeat or
    describe, they don't report."""
    found = [(text.rfind("\n", 0, m.start()) + 1, m.end()) for m in _CREDIT_RE.finditer(text)]
    found += [(m.start(), m.end()) for m in _GALLERY_RE.finditer(text)]
    out: list[Span] = []
    for start, end in sorted(found):
        if out and out[-1][1] >= start:
            out[-1] = (out[-1][0], max(out[-1][1], end))
            continue
        out.append((start, end))
    return out


#: The signature of an embedded tweet: "— Jane Roe (@janeroe) March 3, 2019" at the end of its text.
_TWEET_SIGNATURE_RE = re.compile(
    r"[—–]+[ \t]*([^\n()—–@]{2,60}?)[ \t]*\(@\w{1,30}\)[ \t]*[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}"
)
_TWEET_LINK_RE = re.compile(r"\s*\S*(?:https?://|pic\.twitter\.com/)\S*\s*$")


def _tweets(text: str) -> list[tuple[Span, Mention]]:
    """Embedded tweets: the text before the signature, said by the account holder."""
    out = []
    for m in _TWEET_SIGNATURE_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        body = text[start : m.start()]
        while True:
            cut = _TWEET_LINK_RE.search(body)
            if cut is None or not cut.group().strip():
                break
            body = body[: cut.start()]
        body = body.rstrip()
        lead = len(body) - len(body.lstrip())
        if len(body.split()) < 3:
            continue
        ns, ne = m.span(1)
        name = text[ns:ne]
        words = name.split()
        mention = Mention(
            ns,
            ne,
            name,
            "named",
            words[-1].lower(),
            ((ns, ne, name, "PERSON"),),
            frozenset(w.lower() for w in words),
            name,
        )
        out.append(((start + lead, start + len(body)), mention))
    return out


#: A line of speech signed with its speaker, the pull-quote layout:
#: "We had no warning at all. Jane Roe, harbour master" (no verb, no closing period).
_SIGNED_LINE_RE = re.compile(
    r"(?m)^([^\n]*?[a-z0-9)][.!?][\"”’]?)[ \t]+"
    r"([A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|of|de|van|von|the)){0,6})(,[ \t]+[^\n.!?,]{2,60})?[ \t]*$"
)


def _signed_lines(text: str, names: list[tuple[int, int, str]]) -> list[tuple[Span, Mention]]:
    """Pull quotes: a line of at least five words ending in the bare name of a person or organisation."""
    out = []
    for m in _SIGNED_LINE_RE.finditer(text):
        body = m.span(1)
        if len(text[body[0] : body[1]].split()) < 5 or m.group(2).endswith("."):
            continue
        ns, ne = m.span(2)
        found = [n for n in names if ns <= n[0] and n[1] == ne]
        if not found:
            continue
        s, e, name = found[0]
        mention = Mention(
            ns,
            ne,
            text[ns:ne],
            "named",
            name.split()[-1].lower(),
            ((s, e, name, "PERSON"),),
            frozenset(w.lower() for w in text[ns:ne].split()),
            text[ns:ne],
        )
        out.append(((body[0] + len(m.group(1)) - len(m.group(1).lstrip()), body[1]), mention))
    return out


def _frag_overlap(a: Draft, b: Draft) -> int:
    return sum(_overlap(x, y) for x in a.fragments for y in b.fragments)


def _drop_nested(drafts: list[Draft]) -> list[Draft]:
    """One passage is one quote: of two drafts sharing text, keep the surer (then the longer).

    Nested reports ("Lee said the firm plans to expand") and a quotation claimed
    both by its own cue and by a neighbouring clause would otherwise be proposed twice.
    """
    drop: set[int] = set()
    active: list[int] = []  # indices of drafts whose end is beyond the current start
    for k, d in enumerate(drafts):
        active = [j for j in active if drafts[j].end > d.start and j not in drop]
        for j in active:
            o = drafts[j]
            if _frag_overlap(o, d) <= 0:
                continue
            len_o = sum(e - s for s, e in o.fragments)
            len_d = sum(e - s for s, e in d.fragments)
            if (o.confidence, len_o) >= (d.confidence, len_d):
                drop.add(k)
                break
            drop.add(j)
        if k not in drop:
            active.append(k)
    return [d for k, d in enumerate(drafts) if k not in drop]


def _merge(frags: list[Span]) -> list[Span]:
    """Sort and join overlapping or touching fragments."""
    out: list[Span] = []
    for s, e in sorted(frags):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class Assembler:
    """Builds drafts for one text from its quotations and attributions."""

    def __init__(
        self,
        text: str,
        quotes: list[QuoteSpan],
        attributions: list[Attribution],
        names: list[tuple[int, int, str]] | None = None,
    ):
        self.text = text
        self.names = names or []  # (start, end, text) of people and organisations named in the text
        self.quotes = quotes
        self.q_starts = [q.start for q in quotes]
        self.q_ends = [q.end for q in quotes]
        self._cover_starts: list[int] = []
        self._cover_max_end: list[int] = []
        self.paras = _Paragraphs(text)
        self.used: set[int] = set()
        # cues inside a closed quotation belong to the quoted person's own words
        self.attrs = sorted((a for a in attributions if not self._inside_closed(a.cue)), key=lambda a: a.cue[0])
        self._attr_starts = [a.cue[0] for a in self.attrs]
        self.drafts: list[Draft] = []

    def _inside_closed(self, span: Span) -> bool:
        # top-level quotations do not overlap: only the last one starting before can contain span
        k = bisect.bisect_right(self.q_starts, span[0]) - 1
        if k < 0:
            return False
        q = self.quotes[k]
        return q.closed and q.start < span[0] and span[1] <= q.end

    def _quotes_overlapping(self, span: Span) -> list[int]:
        # quotations are sorted and disjoint, so their ends are sorted too
        first = bisect.bisect_right(self.q_ends, span[0])
        last = bisect.bisect_left(self.q_starts, span[1])
        return list(range(first, last))

    # step 1 ---------------------------------------------------------------
    def _from_clauses(self) -> None:
        text = self.text
        for a in self.attrs:
            if not a.content:
                continue
            env = (a.content[0][0], a.content[-1][1])
            qids = self._quotes_overlapping(env)
            frags = list(a.content)
            kind = "indirect"
            if qids:
                qspans = [(self.quotes[j].start, self.quotes[j].end) for j in qids]
                covered = sum(_overlap(env, q) for q in qspans)
                content_words = _word_count(text, env)
                quoted_words = sum(_word_count(text, (max(env[0], q[0]), min(env[1], q[1]))) for q in qspans)
                if len(qids) == 1 and (covered >= (env[1] - env[0]) * 0.9 or quoted_words >= content_words - 1):
                    kind = "direct"
                    q = self.quotes[qids[0]]
                    if q.closed or _overlap((q.start, q.end), env) >= (q.end - q.start) * 0.5:
                        frags = [(q.start, q.end)]
                else:
                    kind = "mixed" if quoted_words > 0 else "indirect"
                    # extend to whole quotations that stick out of the clause
                    frags = _merge(
                        frags + [q for q in qspans if q[0] >= env[0] - 3 and q[1] <= env[1] + 3 + (q[1] - q[0]) // 2]
                    )
                for j in qids:
                    q = self.quotes[j]
                    if q.start >= frags[0][0] - 3 and q.end <= frags[-1][1] + 3:
                        self.used.add(j)
                    elif kind == "direct":
                        self.used.add(j)
            # a quotation with a lost opening mark right after the clause continues it
            nxt = bisect.bisect_left(self.q_starts, frags[-1][1] - 1)
            if nxt < len(self.quotes) and kind != "indirect":
                q = self.quotes[nxt]
                if not q.closed and 0 <= q.start - frags[-1][1] <= 3:
                    frags.append((q.start, q.end))
                    self.used.add(nxt)
            group = a.group
            conf = (
                CONFIDENCE[("direct", "cue")]
                if kind == "direct"
                else CONFIDENCE[("mixed", "cue")]
                if kind == "mixed"
                else CONFIDENCE.get(("indirect", group), 0.6)
            )
            self.drafts.append(
                Draft(
                    _merge(frags),
                    kind,
                    a.cue,
                    a.speaker,
                    conf,
                    inherit=a.subjectless or (a.speaker is None and group != "source"),
                )
            )

    # step 2 ---------------------------------------------------------------
    def _cue_after(self, q: QuoteSpan, cues: list[Attribution], cue_starts: list[int]) -> Attribution | None:
        k = bisect.bisect_left(cue_starts, q.end)
        para = self.paras.index(q.end - 1)
        for a in cues[k : k + 3]:
            if a.cue[0] - q.end > _AFTER_REACH or self.paras.index(a.cue[0]) != para:
                return None
            gap = self.text[q.end : a.cue[0]]
            if _SENTENCE_END_RE.search(gap) or any(ch in gap for ch in '“”"«»'):
                return None
            if not _reports_back(self.text, q, gap):
                return None
            return a
        return None

    def _cue_before(self, q: QuoteSpan, cues: list[Attribution], cue_ends: list[int]) -> Attribution | None:
        k = bisect.bisect_right(cue_ends, q.start) - 1
        if k < 0:
            return None
        a = cues[k]
        gap = self.text[a.cue[1] : q.start]
        if len(gap) > _BEFORE_REACH and not a.colon:
            return None
        para_q, para_a = self.paras.index(q.start), self.paras.index(a.cue[0])
        if a.colon:
            if para_q - para_a > 1 or len(gap) > 200:
                return None
        elif para_q != para_a or not (gap.rstrip().endswith((",", ":")) or _introduces(gap)):
            return None
        if _SENTENCE_END_RE.search(gap) or any(ch in gap for ch in '“”"«»'):
            return None
        return a

    def _attach_quotes(self) -> None:
        free = [a for a in self.attrs if not a.content or a.colon]
        cue_starts = [a.cue[0] for a in free]
        by_end = sorted(free, key=lambda a: a.cue[1])
        cue_ends = [a.cue[1] for a in by_end]
        taken: set[int] = set()
        for j, q in enumerate(self.quotes):
            if j in self.used or self._inside_draft(q) or looks_like_title(self.text, (q.start, q.end)):
                continue
            a = self._cue_after(q, free, cue_starts)
            frags = [(q.start, q.end)]
            if a is None or id(a) in taken:
                a = self._cue_before(q, by_end, cue_ends)
            if a is None:
                continue
            taken.add(id(a))
            self.used.add(j)
            self.drafts.append(
                Draft(
                    frags,
                    "direct",
                    a.cue,
                    a.speaker,
                    CONFIDENCE[("direct", "cue")],
                    inherit=a.subjectless or a.speaker is None,
                )
            )

    def _join_interrupted(self) -> None:
        """ "Part one," he said, "part two." -- the quotation after the cue continues the first."""
        for d in self.drafts:
            if d.kind != "direct" or d.cue is None or d.cue[0] < d.end:
                continue
            j = bisect.bisect_left(self.q_starts, d.cue[1])
            if j >= len(self.quotes) or j in self.used:
                continue
            q2 = self.quotes[j]
            gap = self.text[d.cue[1] : q2.start]
            if (
                q2.start - d.cue[1] < 60
                and self.paras.index(q2.start) == self.paras.index(d.cue[0])
                and not any(ch in gap for ch in '“”"«»')
                and not any(d.cue[1] <= a.cue[0] < q2.start for a in self._attrs_near(d.cue[1], q2.start))
            ):
                d.fragments.append((q2.start, q2.end))
                self.used.add(j)

    def _attrs_near(self, start: int, end: int) -> list[Attribution]:
        k = bisect.bisect_left(self._attr_starts, start)
        out = []
        while k < len(self.attrs) and self.attrs[k].cue[0] < end:
            out.append(self.attrs[k])
            k += 1
        return out

    def _index_drafts(self) -> None:
        """Prefix maxima of draft ends by start, for fast containment tests."""
        spans = sorted((d.start, d.end) for d in self.drafts)
        self._cover_starts = [s for s, _ in spans]
        best = -1
        self._cover_max_end = []
        for _, e in spans:
            best = max(best, e)
            self._cover_max_end.append(best)

    def _inside_draft(self, q: QuoteSpan) -> bool:
        k = bisect.bisect_right(self._cover_starts, q.start) - 1
        return k >= 0 and self._cover_max_end[k] >= q.end

    # step 3 ---------------------------------------------------------------
    def _lone_quotes(self) -> None:
        for j, q in enumerate(self.quotes):
            if j in self.used or self._inside_draft(q) or looks_like_title(self.text, (q.start, q.end)):
                continue
            words = _word_count(self.text, (q.start, q.end))
            inner = self.text[q.start : q.end].rstrip("”\"’'» ")
            sentence_like = inner.endswith((".", "!", "?", ",")) or words >= 8
            if words < 4 or not sentence_like or (q.level == 1 and words < 6):
                continue
            self.used.add(j)
            self.drafts.append(
                Draft([(q.start, q.end)], "direct", None, None, CONFIDENCE[("direct", "alone")], inherit=True)
            )

    def _signed_texts(self) -> None:
        """An embedded tweet or a signed pull quote that no other draft covers is a quote of its signer."""
        for span, mention in _tweets(self.text) + _signed_lines(self.text, self.names):
            if any(_overlap(span, (d.start, d.end)) for d in self.drafts):
                continue
            for j in self._quotes_overlapping(span):
                self.used.add(j)
            self.drafts.append(Draft([span], "direct", None, mention, CONFIDENCE[("direct", "signed")]))

    def build(self) -> list[Draft]:
        """All drafts, in text order, speakers still unresolved."""
        self._from_clauses()
        self._index_drafts()
        self._attach_quotes()
        self._join_interrupted()
        self._signed_texts()
        self._lone_quotes()
        links = sorted(_link_lines(self.text) + _caption_lines(self.text))  # disjoint lines
        link_starts = [s for s, _ in links]

        def in_link(pos: int) -> bool:
            k = bisect.bisect_right(link_starts, pos) - 1
            return k >= 0 and pos < links[k][1]

        drafts = sorted((d for d in self.drafts if not in_link(d.start)), key=lambda d: (d.start, d.end))
        out: list[Draft] = []
        seen: dict[tuple[int, int], Draft] = {}
        for d in drafts:
            key = (d.start, d.end)
            if key in seen:
                continue
            seen[key] = d
            out.append(d)
        return _drop_nested(out)

    def paragraph_of(self, pos: int) -> int:
        return self.paras.index(pos)
