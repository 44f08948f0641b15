"""Run the engine over interchange-format records, on one or several processes.

Used by `propose_quotes`, `evaluate_quotes` and the benchmark; no ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from annotator.proposer import engine
from annotator.proposer.engine import learned

CHUNK = 8  # articles per task sent to a worker process


def _propose_chunk(args: tuple[list[str], str | None, str | None]) -> list[list[dict]]:
    texts, model_name, trained = args
    return propose_dicts(texts, model_name=model_name, trained=trained)


def propose_dicts(texts: list[str], *, model_name: str | None, trained: str | None) -> list[list[dict]]:
    """The interchange quote records the engine (or the trained model in ``trained``) proposes for each text:
    the one proposing step of `propose_quotes`, `evaluate_quotes` and `propose_archive`."""
    if trained:
        results = learned.propose_many_learned(texts, learned.load_model(trained), model_name=model_name)
    else:
        results = engine.propose_many(texts, model_name=model_name)
    return [
        [engine.proposal_to_dict(p, text) for p in proposals] for text, proposals in zip(texts, results, strict=True)
    ]


def propose_records(
    records: Iterable[dict],
    *,
    workers: int = 1,
    model_name: str | None = None,
    trained: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict]:
    """Yield each record with `quotes` replaced by the engine's proposals, in input order.

    `trained` is a trained model directory (`train_proposer`); without it the rules propose.
    """
    records = list(records)
    chunks = [records[i : i + CHUNK] for i in range(0, len(records), CHUNK)]
    jobs = [([r["text"] for r in chunk], model_name, trained) for chunk in chunks]
    if workers <= 1:
        results: Iterable[list[list[dict]]] = map(_propose_chunk, jobs)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_propose_chunk, jobs)
    try:
        for chunk, quotes_per_record in zip(chunks, results, strict=True):
            for record, quotes in zip(chunk, quotes_per_record, strict=True):
                yield {**record, "quotes": quotes}
            if progress:
                progress(len(chunk))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def trained_or_package(value: str) -> tuple[str | None, str | None]:
    """A `--model` value: (trained model directory, None) for a directory, else (None, spaCy package name).

    A directory must be a complete trained model; the error says what is wrong with it.
    """
    if not value:
        return None, None
    path = Path(value)
    if path.is_dir():
        learned.load_model(path)  # raises ModelError with the reason when it is no model
        return str(path), None
    return None, value


def proposer_label(trained: str | None) -> str:
    """The proposer's name, version and, with a trained model, the model's version."""
    label = f"{engine.ENGINE_NAME} {engine.ENGINE_VERSION}"
    return f"{label} + model {learned.load_model(trained).version}" if trained else label
