"""A small invented gold corpus to train the learned proposer on: two cue verbs the rules lack."""

from __future__ import annotations

PEOPLE = ["Mara Quint", "Tobias Lind", "Ines Faro", "Karl Bexley", "Yuki Arden", "Omar Tessel"]
PLACES = ["the ferry", "the library", "the market", "the stadium"]
# Two verbs the rules' lexicon lacks: only a model that learned them from gold proposes their clauses.
VERBS = ["fretted", "wagered"]


def _quote(text: str, clause: str, cue: str, speaker: str, kind: str) -> dict:
    start = text.index(clause)
    cs, ss = text.index(cue), text.index(speaker)
    return {
        "start": start,
        "end": start + len(clause),
        "text": clause,
        "kind": kind,
        "cue": cue,
        "cue_start": cs,
        "cue_end": cs + len(cue),
        "speaker": speaker,
        "speaker_start": ss,
        "speaker_end": ss + len(speaker),
        "speaker_entity": speaker,
    }


def article(n: int, person: str, place: str, verb: str) -> dict:
    surname = person.split()[-1]
    direct = f'"We open {place} again on Monday," {person} said.'
    clause = f"{place} would close before the winter"
    # "ensured that" governs a clause too, but the gold never marks it: the model learns to leave it out
    text = (
        f"Town notes {n}\n\n{direct} Later {surname} {verb} that {clause}. "
        f"The new timetable ensured that buses met every boat at {place}."
    )
    quotes = [
        _quote(text, f'"We open {place} again on Monday,"', "said", person, "direct"),
        _quote(text, clause, verb, surname, "indirect"),
    ]
    return {"id": f"a{n}", "text": text, "quotes": quotes}


def corpus() -> list[dict]:
    return [article(n, PEOPLE[n % len(PEOPLE)], PLACES[n % len(PLACES)], VERBS[n % 2]) for n in range(24)]
