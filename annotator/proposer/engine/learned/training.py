"""Training the learned proposer's scorer from gold articles (interchange records), on CPU.

Every proposal the rules make once the candidate cues are added is an example; it is
positive when it overlaps a gold quote. A logistic regression (scikit-learn, liblinear:
deterministic, a few seconds for thousands of articles) learns which to keep; the
decision threshold is the one that maximises overlap F1 on out-of-fold predictions
(folds by article, drawn with the seed), so it is not tuned on the examples it judges.
Pure: no Django. Parses can be cached as a spaCy DocBin, keyed by the texts and the
pipeline, since parsing is most of the time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from annotator.interchange import scoring
from annotator.interchange.effort import effort_figures
from annotator.interchange.scoring import overlap, trimmed

from .. import ENGINE_NAME, ENGINE_VERSION, parse_texts, proposal_to_dict, proposals_from_facts
from ..cues import extract
from ..model import USE_LINE_BREAKS, default_model_name, load_pipeline
from . import candidates_and_tokens, propose_parsed
from .boundaries import boundary_options
from .candidates import TokenIndex, cue_head, cue_key
from .linear import LinearScorer
from .speakers import Names, speaker_options
from .store import LearnedModel, write_model

Progress = Callable[[str, int, int], None]  # (stage, done, total)
FOLDS = 5
C = 0.5  # inverse regularisation: features are many and sparse, examples a few thousand


@dataclass
class Examples:
    """Feature dicts and labels of every candidate, with the gold quotes each one covers."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    covers: list[frozenset[tuple[int, int]]] = field(default_factory=list)  # (article, gold quote index)
    gold_quotes: int = 0
    lexicon: frozenset[str] = frozenset()
    #: speaker options of the candidates that overlap a gold quote with a speaker, labelled by the gold speaker
    speaker_features: list[dict[str, float]] = field(default_factory=list)
    speaker_labels: list[int] = field(default_factory=list)
    #: start and end options of one-fragment candidates that overlap a gold quote, labelled by its boundaries
    boundary_features: list[dict[str, float]] = field(default_factory=list)
    boundary_labels: list[int] = field(default_factory=list)
    #: how many gold boundaries lay among the options (a side without its gold boundary teaches nothing)
    boundary_sides: Counter = field(default_factory=Counter)


def gold_spans(record: dict) -> list[tuple[int, int]]:
    """Trimmed spans of a record's gold quotes (every fragment of an interrupted one)."""
    text = record["text"]
    out = []
    for q in record.get("quotes") or []:
        frags = q.get("fragments") or [[q["start"], q["end"]]]
        for s, e in frags:
            out.append(trimmed(text, int(s), int(e)))
    return out


def data_hash(records: list[dict]) -> str:
    """sha256 over the texts and gold quotes, in order: what a model was trained on."""
    h = hashlib.sha256()
    for r in records:
        h.update(json.dumps([r["text"], gold_spans(r)], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def parsed(
    texts: list[str], *, model_name: str | None, cache_dir: Path | None, progress: Progress | None = None
) -> Iterator[tuple[str, list[tuple[int, Doc]]]]:
    """Each text with its parsed chunks, from the DocBin cache when these texts were parsed before."""
    name = model_name or default_model_name()
    nlp = load_pipeline(name)
    key = hashlib.sha256(
        json.dumps([name, nlp.meta.get("version"), spacy.__version__, USE_LINE_BREAKS, texts]).encode("utf-8")
    ).hexdigest()[:20]
    cache = cache_dir / f"parses-{key}.spacy" if cache_dir else None
    if cache is not None and cache.is_file():
        bin_ = DocBin().from_disk(cache)
        index = json.loads(cache.with_suffix(".json").read_text(encoding="utf-8"))
        by_text: list[list[tuple[int, Doc]]] = [[] for _ in texts]
        for doc, (ti, offset) in zip(bin_.get_docs(nlp.vocab), index, strict=True):
            by_text[ti].append((offset, doc))
        for ti, text in enumerate(texts):
            if progress:
                progress("parse", ti + 1, len(texts))
            yield text, by_text[ti]
        return
    bin_ = DocBin(store_user_data=False)
    index = []
    for ti, (text, docs) in enumerate(parse_texts(texts, model_name=name)):
        for offset, doc in docs:
            bin_.add(doc)
            index.append((ti, offset))
        if progress:
            progress("parse", ti + 1, len(texts))
        yield text, docs
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        bin_.to_disk(cache)
        cache.with_suffix(".json").write_text(json.dumps(index), encoding="utf-8")


#: A word becomes a learned cue when the gold uses it as a cue this often, and in this share of its uses.
LEXICON_MIN_COUNT = 2
LEXICON_MIN_SHARE = 0.05


def learn_lexicon(records: list[dict], parses: list[list[tuple[int, Doc]]]) -> frozenset[str]:
    """The cue words (``cue_key``) of the gold's cues, where the gold uses them as cues often enough."""
    as_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for record, docs in zip(records, parses, strict=True):
        index = TokenIndex(docs)
        for tok in index.tokens:
            seen[cue_key(tok)] += 1
        for q in record.get("quotes") or []:
            cs, ce = q.get("cue_start"), q.get("cue_end")
            if cs is None or ce is None:
                continue
            k = bisect.bisect_left(index.starts, int(cs))
            toks = []
            while k < len(index.starts) and index.starts[k] < int(ce):
                toks.append(index.tokens[k])
                k += 1
            head = cue_head(toks)
            if head is not None:
                as_cue[cue_key(head)] += 1
    return frozenset(key for key, n in as_cue.items() if n >= LEXICON_MIN_COUNT and n >= LEXICON_MIN_SHARE * seen[key])


def collect_examples(
    records: list[dict],
    *,
    model_name: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    lexicon: frozenset[str] | None = None,
    parses: list[list[tuple[int, Doc]]] | None = None,
) -> Examples:
    """Every candidate of every record with its label; the lexicon is learned from the records unless given.
    The records are parsed (or read from the cache) unless their ``parses`` are given."""
    if parses is None:
        texts = [r["text"] for r in records]
        parses = [docs for _text, docs in parsed(texts, model_name=model_name, cache_dir=cache_dir, progress=progress)]
    ex = Examples(lexicon=learn_lexicon(records, parses) if lexicon is None else lexicon)
    for ai, (record, docs) in enumerate(zip(records, parses, strict=True)):
        text = record["text"]
        gold = gold_spans(record)
        ex.gold_quotes += len(gold)
        pairs, tokens = candidates_and_tokens(text, docs, ex.lexicon)
        names = Names(docs)
        speakers = [(trimmed(text, s, e), _speaker_span(q)) for q, (s, e) in _gold_pieces(record)]
        prev = None
        for p, features in pairs:
            frags = [trimmed(text, s, e) for s, e in p.fragments]
            covered = frozenset((ai, gi) for gi, g in enumerate(gold) if any(overlap(f, g) > 0 for f in frags))
            ex.features.append(features)
            ex.labels.append(1 if covered else 0)
            ex.article.append(ai)
            ex.covers.append(covered)
            if not covered:
                continue
            _boundary_examples(ex, text, p, tokens, gold)
            gold_speaker = speakers[min(gi for _, gi in covered)][1]
            if gold_speaker is not None:
                for option in speaker_options(text, p, tokens, names, prev):
                    ex.speaker_features.append(option.features)
                    ex.speaker_labels.append(1 if overlap(option.span, gold_speaker) > 0 else 0)
            prev = p
    return ex


def _boundary_examples(ex: Examples, text: str, p, tokens: TokenIndex, gold: list[tuple[int, int]]) -> None:
    """Label the cut options of candidate ``p`` by the gold quote it overlaps most."""
    starts, ends = boundary_options(text, p, tokens)
    if not starts:
        return
    span = trimmed(text, p.start, p.end)
    target = max(gold, key=lambda g: overlap(span, g))
    for side, options, gold_pos in (("start", starts, target[0]), ("end", ends, target[1])):
        labels = [1 if o.pos == gold_pos else 0 for o in options]
        if not any(labels):
            ex.boundary_sides[f"{side}_out_of_reach"] += 1
            continue
        rule_right = any(o.rule and o.pos == gold_pos for o in options)
        ex.boundary_sides[f"{side}_rule_right" if rule_right else f"{side}_moved"] += 1
        ex.boundary_features.extend(o.features for o in options)
        ex.boundary_labels.extend(labels)


def _gold_pieces(record: dict):
    """(quote, fragment) for every fragment of every gold quote, in the order of ``gold_spans``."""
    for q in record.get("quotes") or []:
        for s, e in q.get("fragments") or [[q["start"], q["end"]]]:
            yield q, (int(s), int(e))


def _speaker_span(q: dict) -> tuple[int, int] | None:
    if q.get("speaker_start") is None or q.get("speaker_end") is None:
        return None
    return int(q["speaker_start"]), int(q["speaker_end"])


def _fit(features: list[dict[str, float]], labels: list[int], seed: int) -> LinearScorer:
    # scikit-learn only here, when training: proposing reads the JSON weights alone
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(features).tocsr()
    # liblinear takes 32-bit sparse indices only; scipy may hand out 64-bit ones
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    if len(set(labels)) < 2:
        # one class only (a tiny corpus): keep everything or nothing, as the data says
        return LinearScorer({}, 10.0 if labels and labels[0] else -10.0, 0.5)
    clf = LogisticRegression(C=C, solver="liblinear", random_state=seed, max_iter=1000)
    clf.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if w != 0.0}
    return LinearScorer(weights, float(clf.intercept_[0]), 0.5)


def best_threshold(probs: list[float], ex: Examples) -> float:
    """The threshold with the best overlap F1 over these candidates (gold no candidate covers counts as missed)."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    covered: set[tuple[int, int]] = set()
    kept = positives = 0
    best, best_t = -1.0, 0.5
    for rank, i in enumerate(order):
        kept += 1
        positives += ex.labels[i]
        covered |= ex.covers[i]
        if rank + 1 < len(order) and probs[order[rank + 1]] == probs[i]:
            continue  # a threshold cannot split equal probabilities
        p = positives / kept
        r = len(covered) / ex.gold_quotes if ex.gold_quotes else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best:
            best, best_t = f1, probs[i]
    return best_t  # exact: a rounded threshold could end up above the very probability it should keep


def train_scorer(ex: Examples, *, seed: int = 0, progress: Progress | None = None) -> LinearScorer:
    """Fit on all examples; pick the threshold from out-of-fold predictions."""
    articles = sorted(set(ex.article))
    rng = random.Random(seed)
    rng.shuffle(articles)
    fold_of = {a: k % FOLDS for k, a in enumerate(articles)}
    probs = [0.0] * len(ex.labels)
    folds = min(FOLDS, len(articles))
    for k in range(folds):
        train = [i for i, a in enumerate(ex.article) if fold_of[a] != k]
        test = [i for i, a in enumerate(ex.article) if fold_of[a] == k]
        if not train or not test:
            continue
        scorer = _fit([ex.features[i] for i in train], [ex.labels[i] for i in train], seed)
        for i in test:
            probs[i] = scorer.probability(ex.features[i])
        if progress:
            progress("fit", k + 1, folds + 1)
    final = _fit(ex.features, ex.labels, seed)
    if progress:
        progress("fit", folds + 1, folds + 1)
    threshold = best_threshold(probs, ex) if folds > 1 else 0.5
    return LinearScorer(final.weights, final.bias, threshold, ex.lexicon)


@dataclass(frozen=True)
class Trained:
    """What one training run produces: the scorers and the counts for the metadata."""

    scorer: LinearScorer
    speaker: LinearScorer | None
    boundary: LinearScorer | None
    counts: dict


def train(
    records: Iterable[dict],
    *,
    seed: int = 0,
    model_name: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    parses: list[list[tuple[int, Doc]]] | None = None,
) -> Trained:
    """Train the quote, speaker and boundary scorers on gold records (parsed unless their ``parses`` are given)."""
    records = list(records)
    ex = collect_examples(records, model_name=model_name, cache_dir=cache_dir, progress=progress, parses=parses)
    scorer = train_scorer(ex, seed=seed, progress=progress)
    speaker = _fit(ex.speaker_features, ex.speaker_labels, seed) if len(set(ex.speaker_labels)) == 2 else None
    boundary = _fit(ex.boundary_features, ex.boundary_labels, seed) if len(set(ex.boundary_labels)) == 2 else None
    counts = {
        "articles": len(records),
        "gold_quotes": ex.gold_quotes,
        "candidates": len(ex.labels),
        "positive_candidates": sum(ex.labels),
        "features": len(scorer.weights),
        "learned_cues": len(scorer.cues),
        "speaker_options": len(ex.speaker_labels),
        "boundary_options": len(ex.boundary_labels),
        "boundary_sides": dict(sorted(ex.boundary_sides.items())),
        "sha256": data_hash(records),
    }
    return Trained(scorer, speaker, boundary, counts)


def evaluate(
    records: list[dict],
    model: LearnedModel | Trained | None,
    *,
    model_name: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    parses: list[list[tuple[int, Doc]]] | None = None,
) -> dict:
    """Scores of a model (a trained one or one read from disk; the rules when None) on gold records,
    as `evaluate_quotes` computes them; the records are parsed unless their ``parses`` are given."""
    texts = [r["text"] for r in records]
    if parses is None:
        pairs = parsed(texts, model_name=model_name, cache_dir=cache_dir, progress=progress)
    else:
        pairs = zip(texts, parses, strict=True)
    preds = []
    for record, (text, docs) in zip(records, pairs, strict=True):
        if model is None:
            proposals = proposals_from_facts(text, [extract(doc).shifted(offset) for offset, doc in docs])
        else:
            proposals = propose_parsed(text, docs, model.scorer, model.speaker, model.boundary)
        preds.append({**record, "quotes": [proposal_to_dict(p, text) for p in proposals]})
    if scoring.gold_splits_fragments(records):
        preds = scoring.split_fragments(preds)
    has_entities = any(q.get("speaker_entity") for r in records for q in r.get("quotes") or [])
    out = {
        "articles": len(records),
        "mention": scoring.score(records, preds, speaker="mention"),
        "effort": effort_figures(records, preds),
    }
    if has_entities:
        out["entity"] = scoring.score(records, preds, speaker="entity")
    return out


def train_to_directory(
    records: list[dict],
    target: Path,
    *,
    seed: int = 0,
    dev: list[dict] | None = None,
    model_name: str | None = None,
    cache_dir: Path | None = None,
    sources: list[str] | None = None,
    progress: Progress | None = None,
) -> LearnedModel:
    """Train on gold records and write the versioned model directory, with dev scores when dev records are given."""
    started = time.perf_counter()
    name = model_name or default_model_name()
    trained = train(records, seed=seed, model_name=name, cache_dir=cache_dir, progress=progress)
    seconds = round(time.perf_counter() - started, 1)
    meta: dict = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine_version": ENGINE_VERSION,
        "training": {**trained.counts, "files": sources or []},
        "train_seconds": seconds,
    }
    if dev:
        meta["dev"] = {
            "model": evaluate(dev, trained, model_name=name, cache_dir=cache_dir, progress=progress),
            "rules": evaluate(dev, None, model_name=name, cache_dir=cache_dir),
            "sha256": data_hash(dev),
        }
    config = {"spacy_model": name, "seed": seed, "engine": f"{ENGINE_NAME} {ENGINE_VERSION}", "C": C}
    return write_model(
        target, config=config, scorer=trained.scorer, meta=meta, speaker=trained.speaker, boundary=trained.boundary
    )
