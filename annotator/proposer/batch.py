"""Run the engine over interchange-format records, on one or several processes.

Used by `propose_quotes`, `evaluate_quotes` and the benchmark; no ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from annotator.proposer import engine

CHUNK = 8  # articles per task sent to a worker process


def _propose_chunk(args: tuple[list[str], str | None]) -> list[list[dict]]:
    texts, model_name = args
    return [
        [engine.proposal_to_dict(p, text) for p in proposals]
        for text, proposals in zip(texts, engine.propose_many(texts, model_name=model_name), strict=True)
    ]


def propose_records(
    records: Iterable[dict],
    *,
    workers: int = 1,
    model_name: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict]:
    """Yield each record with `quotes` replaced by the engine's proposals, in input order."""
    records = list(records)
    chunks = [records[i : i + CHUNK] for i in range(0, len(records), CHUNK)]
    jobs = [([r["text"] for r in chunk], model_name) for chunk in chunks]
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
