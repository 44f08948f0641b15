"""Synthetic news articles with quote annotations, for benchmarks and demos.

The text is template-made English that exercises what real data has:
direct quotes with the cue before or after, indirect and mixed quotes,
interrupted quotes (two fragments around the cue), pronoun and nominal
speaker mentions, unattributed quotes, quotes running over a paragraph
break, curly and straight quotation marks, emoji (incl. flags and skin-tone
modifiers), combining accents and right-to-left names.  Every offset is a
Python ``str`` index and ``text[start:end]`` is the annotated text.

Articles are produced lazily; article ``i`` depends only on ``(seed, i)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

# (name, aliases, description, external id, pronoun)
SPEAKERS: list[tuple[str, list[str], str, str, str]] = [
    ("Mark Rutte", ["Rutte", "the Dutch politician"], "Secretary General of NATO", "Q57792", "he"),
    ("Angela Ortiz", ["Ortiz", "the mayor"], "Mayor of a mid-sized city", "Q900001", "she"),
    ("José Álvarez", ["Álvarez", "the union leader"], "Trade union leader", "Q900002", "he"),
    ("Zoë Müller", ["Müller", "the economist"], "Chief economist at a bank", "Q900003", "she"),
    ("Łukasz Wiśniewski", ["Wiśniewski", "the minister"], "Minister of Infrastructure", "Q900004", "he"),
    ("Ame\u0301lie Dubois", ["Dubois", "the researcher"], "Climate researcher", "Q900005", "she"),
    ("محمد العلي", ["العلي", "the spokesman"], "Government spokesman", "Q900006", "he"),
    ("דוד לוי", ["Levy", "the negotiator"], "Chief negotiator", "Q900007", "he"),
    ("Nguyễn Thị Lan", ["Nguyễn", "the chief executive"], "Chief executive of a shipping firm", "Q900008", "she"),
    ("Priya Raman", ["Raman", "the senator"], "State senator", "Q900009", "she"),
    ("Tom O'Neill", ["O'Neill", "the coach"], "Football coach", "Q900010", "he"),
    ("Sam Rivers", ["Rivers", "the activist"], "Housing activist", "Q900011", "they"),
    ("Ingrid Solberg", ["Solberg", "the prosecutor"], "Public prosecutor", "Q900012", "she"),
    ("Kwame Mensah", ["Mensah", "the doctor"], "Hospital director", "Q900013", "he"),
    ("Yuki Tanaka", ["Tanaka", "the engineer"], "Lead engineer", "Q900014", "she"),
    ("王伟", ["Wang", "the trade envoy"], "Trade envoy", "Q900015", "he"),
]

CUES = [
    "said",
    "told reporters",
    "argued",
    "warned",
    "added",
    "insisted",
    "claimed",
    "explained",
    "noted",
    "wrote",
    "stressed",
    "admitted",
]
INDIRECT_CUES = ["said", "argued", "warned", "claimed", "believes", "suggested", "told the committee"]
SUBJECTS = [
    "We",
    "The government",
    "Nobody",
    "Our members",
    "The committee",
    "This city",
    "The market",
    "Everyone in this room",
    "The new plan",
    "Our team",
    "The budget",
    "That decision",
]
# Modal or past forms only, so that they agree with any subject.
VERBS = [
    "will not accept",
    "must address",
    "cannot ignore",
    "would be ready to discuss",
    "underestimated",
    "must reconsider",
    "will fight for",
    "already changed",
    "never asked for",
    "should welcome",
]
OBJECTS = [
    "the cuts to public transport",
    "a deal that nobody has read",
    "the rising cost of housing",
    "the pension reform",
    "what happened last winter",
    "the new tariffs on steel",
    "the safety of our nurses",
    "a ceasefire before the elections",
    "the results of the audit",
    "the plan to close the harbour",
    "rents in the city centre",
    "the delays at the border",
]
TAILS = [
    "",
    " and we will say so again",
    ", whatever the polls say",
    " this year",
    " before Friday",
    ", frankly",
    " – not next year",
    " 🙂",
    " 👍🏽",
    " 🇳🇱",
    ", full stop",
    "…",
]
FILLER = [
    "The announcement came after weeks of negotiations behind closed doors.",
    "Critics pointed to a report published earlier this month.",
    "The debate is expected to continue when parliament returns in September.",
    "Officials did not respond to a request for comment on Tuesday.",
    "Figures released by the statistics office showed a slight decline.",
    "Protesters gathered outside the building on Monday morning.",
    "The proposal still needs the approval of the regional council.",
    "Several smaller parties have already said they will vote against it.",
    "Analysts were divided over what the move would mean for prices.",
    "The meeting ended without a joint statement.",
]
OUTLETS = ["The Daily Ledger", "Harbour Times", "Nieuwsblad Online", "Le Courrier", "Metro Post"]
TITLES = [
    "Talks stall over {o}",
    "Anger grows over {o}",
    "What next for {o}?",
    "Deal reached on {o}",
    "Inside the row over {o}",
]


class _Text:
    """Appends text and hands back the str offsets of what was appended."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def value(self) -> str:
        return "".join(self.parts)


def _clause(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}"


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def _quote(text: _Text, rng: random.Random, speaker: tuple, prev: tuple | None) -> dict[str, Any]:
    """Append one quote construction (one paragraph) and return its annotation."""
    name, aliases, _, _, pronoun = speaker
    curly = rng.random() < 0.5
    open_q, close_q = ("“", "”") if curly else ('"', '"')
    cue = rng.choice(CUES)
    q: dict[str, Any] = {"cue": cue, "speaker_entity": name, "confidence": round(rng.uniform(0.5, 1.0), 2)}

    mention, mention_type = name, "name"
    r = rng.random()
    if r < 0.2 and prev is not None:  # pronoun referring to the previous speaker
        name, _, _, _, pronoun = prev
        q["speaker_entity"] = name
        mention, mention_type = pronoun, "pronoun"
    elif r < 0.35:
        mention = rng.choice(aliases)
        mention_type = "nominal" if mention.startswith("the ") else "name"

    shape = rng.random()
    if shape < 0.30:  # "Q," said X.
        text.add(open_q)
        s, e = text.add(_clause(rng))
        text.add("," + close_q + " ")
        if mention_type == "pronoun" or " " in cue or rng.random() < 0.5:  # "..., he said."
            ss, se = text.add(mention)
            text.add(" ")
            cs, ce = text.add(cue)
        else:
            cs, ce = text.add(cue)
            text.add(" ")
            ss, se = text.add(mention)
        text.add(".")
        q.update(kind="direct", start=s, end=e)
    elif shape < 0.45:  # X said: "Q."
        ss, se = text.add(mention[0].upper() + mention[1:])
        text.add(" ")
        cs, ce = text.add(cue)
        text.add(": " + open_q)
        s, e = text.add(_clause(rng) + ".")
        text.add(close_q)
        q.update(kind="direct", start=s, end=e)
    elif shape < 0.65:  # X warned that Q.
        cue = rng.choice(INDIRECT_CUES)
        q["cue"] = cue
        ss, se = text.add(mention[0].upper() + mention[1:])
        text.add(" ")
        cs, ce = text.add(cue)
        text.add(" that ")
        s, e = text.add(_lower_first(_clause(rng)))
        text.add(".")
        q.update(kind="indirect", start=s, end=e)
    elif shape < 0.75:  # X said the plan was "a disaster" and Q.
        ss, se = text.add(mention[0].upper() + mention[1:])
        text.add(" ")
        cs, ce = text.add(cue)
        text.add(" ")
        s, e = text.add(
            f"the plan was {open_q}{rng.choice(['a disaster', 'long overdue', 'naïve'])}"
            f"{close_q} and {_lower_first(_clause(rng))}"
        )
        text.add(".")
        q.update(kind="mixed", start=s, end=e)
    elif shape < 0.90:  # "Q1," X said, "Q2."  (interrupted)
        text.add(open_q)
        s1, e1 = text.add(_clause(rng))
        text.add("," + close_q + " ")
        ss, se = text.add(mention)
        text.add(" ")
        cs, ce = text.add(cue)
        text.add(", " + open_q)
        s2, e2 = text.add(_lower_first(_clause(rng)) + ".")
        text.add(close_q)
        q.update(kind="direct", start=s1, end=e2, fragments=[[s1, e1], [s2, e2]])
    elif shape < 0.96:  # quote running over a paragraph break
        text.add(open_q)
        s, _ = text.add(_clause(rng) + ".\n")
        text.add(open_q if curly else "")
        _, e = text.add(_clause(rng))
        text.add("," + close_q + " ")
        ss, se = text.add(mention)
        text.add(" ")
        cs, ce = text.add(cue)
        text.add(".")
        q.update(kind="direct", start=s, end=e)
    else:  # unattributed: a slogan on a banner
        text.add("A banner read " + open_q)
        s, e = text.add(_clause(rng))
        text.add(close_q + ".")
        q.update(kind="direct", start=s, end=e, cue=None, speaker_entity=None)
        return q
    q.update(cue_start=cs, cue_end=ce, speaker=mention, speaker_start=ss, speaker_end=se, speaker_type=mention_type)
    return q


def generate_article(index: int, quotes_per_article: int = 10, seed: int = 0) -> dict[str, Any]:
    """The ``index``-th synthetic article (deterministic for ``(seed, index)``)."""
    rng = random.Random(f"{seed}:{index}")
    cast = rng.sample(SPEAKERS, k=min(len(SPEAKERS), rng.randint(2, 5)))
    text = _Text()
    quotes: list[dict[str, Any]] = []
    prev = None
    text.add(rng.choice(FILLER))
    for _ in range(quotes_per_article):
        text.add("\n\n" if rng.random() < 0.8 else "\n")
        if rng.random() < 0.6:
            text.add(" ".join(rng.sample(FILLER, k=rng.randint(1, 3))) + " ")
        speaker = rng.choice(cast)
        quote = _quote(text, rng, speaker, prev)
        prev = speaker if quote.get("speaker_entity") == speaker[0] else prev
        quotes.append(quote)
    body = text.value()
    for quote in quotes:
        if quote.get("fragments"):
            quote["text"] = " ".join(body[s:e] for s, e in quote["fragments"])
        else:
            quote["text"] = body[quote["start"] : quote["end"]]
        for key in ("cue", "speaker"):  # the mention as written (may be capitalised)
            if quote.get(f"{key}_start") is not None:
                quote[key] = body[quote[f"{key}_start"] : quote[f"{key}_end"]]
    used = {q["speaker_entity"] for q in quotes if q.get("speaker_entity")}
    topic = rng.choice(OBJECTS)
    return {
        "id": f"syn-{seed}-{index:07d}",
        "title": rng.choice(TITLES).format(o=topic),
        "outlet": rng.choice(OUTLETS),
        "url": f"https://news.example/{seed}/{index}",
        "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "author": rng.choice(["Staff reporter", "A. Writer", "B. Correspondent", None]),
        "text": body,
        "metadata": {
            "source": "synthetic",
            "section": rng.choice(["politics", "economy", "local"]),
            "wordcount": len(body.split()),
        },
        "quotes": quotes,
        "speakers": [
            {"name": n, "aliases": list(a), "description": d, "external_id": x}
            for n, a, d, x, _ in SPEAKERS
            if n in used
        ],
    }


def generate_articles(n: int, quotes_per_article: int = 10, seed: int = 0) -> Iterator[dict]:
    """Lazily yield ``n`` synthetic articles with ``quotes_per_article`` quotes each."""
    for index in range(n):
        yield generate_article(index, quotes_per_article, seed)
