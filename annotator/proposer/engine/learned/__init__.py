"""The learned proposer: the rules plus candidates, judged by a model trained on a project's gold.

A model directory (``store.py``) holds a linear scorer over features of each proposal
(``candidates.py``). Proposing with it parses once, as the rules do, adds the cue
candidates the rules' lexicon lacks, lets the rules assemble and resolve everything,
and keeps what the scorer accepts, with its probability as the confidence. Without a
model the engine's rules are used unchanged. Pure: no Django, no settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from .. import Proposal, parse_texts, proposals_from_facts
from ..cues import extract
from ..facts import Span
from .boundaries import boundary_options, choose_boundaries
from .candidates import TokenIndex, candidate_attributions, proposal_features
from .linear import LinearScorer
from .speakers import Names, choose_speaker, speaker_options
from .store import LearnedModel, ModelError, load_model, model_version

__all__ = [
    "LearnedModel",
    "LinearScorer",
    "ModelError",
    "candidates_with_features",
    "load_model",
    "model_version",
    "propose_many_learned",
    "propose_parsed",
]


def candidates_with_features(
    text: str, docs: list[tuple[int, Doc]], lexicon: frozenset[str] = frozenset()
) -> list[tuple[Proposal, dict[str, float]]]:
    """Every proposal the rules make once the candidate cues (and those of ``lexicon``) are added, with its features."""
    return candidates_and_tokens(text, docs, lexicon)[0]


def candidates_and_tokens(
    text: str, docs: list[tuple[int, Doc]], lexicon: frozenset[str]
) -> tuple[list[tuple[Proposal, dict[str, float]]], TokenIndex]:
    chunk_facts = []
    learned: set[Span] = set()
    for offset, doc in docs:
        facts = extract(doc)
        extra = candidate_attributions(doc, facts, lexicon)
        facts.attributions.extend(extra)
        chunk_facts.append(facts.shifted(offset))
        learned.update((a.cue[0] + offset, a.cue[1] + offset) for a in extra)
    proposals = proposals_from_facts(text, chunk_facts)
    tokens = TokenIndex(docs)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return [(p, proposal_features(text, p, learned, tokens, line_starts, lexicon)) for p in proposals], tokens


def propose_parsed(
    text: str,
    docs: list[tuple[int, Doc]],
    scorer: LinearScorer,
    speaker: LinearScorer | None = None,
    boundary: LinearScorer | None = None,
) -> list[Proposal]:
    """The proposals the scorer keeps, with its probability as their confidence, the
    speaker option the speaker scorer rates best and the start and end the boundary
    scorer rates best (the rules' choices without them)."""
    pairs, tokens = candidates_and_tokens(text, docs, scorer.cues)
    names = Names(docs) if speaker is not None else None
    out: list[Proposal] = []
    for p, features in pairs:
        prob = scorer.probability(features)
        if prob < scorer.threshold:
            continue
        p = replace(p, confidence=round(min(prob, 0.99), 3))
        if speaker is not None:
            p = choose_speaker(p, speaker_options(text, p, tokens, names, out[-1] if out else None), speaker)
        if boundary is not None:
            # after the speaker: the speaker scorer was trained on the rules' boundaries
            p = choose_boundaries(p, boundary_options(text, p, tokens), boundary)
        out.append(p)
    return out


def propose_many_learned(
    texts: Iterable[str], model: LearnedModel, *, model_name: str | None = None, batch_size: int = 16
) -> Iterator[list[Proposal]]:
    """Like ``engine.propose_many``, with a trained model deciding what to propose."""
    for text, docs in parse_texts(texts, model_name=model_name or model.spacy_model, batch_size=batch_size):
        yield propose_parsed(text, docs, model.scorer, model.speaker, model.boundary)
