"""Train / dev / test splits of articles: a hash of the article's id, no state.

Releases assign their splits with it, and the proposer holds the test split out of
training with it, so the articles a model is compared on are the release's test articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

SPLIT_ORDER: tuple[str, ...] = ("train", "dev", "test")
DEFAULT_RATIOS: dict[str, float] = {"train": 0.8, "dev": 0.1, "test": 0.1}


def ordered_splits(ratios: Mapping[str, float]) -> list[str]:
    """train/dev/test first (in that order), then any other split names as given."""
    return [s for s in SPLIT_ORDER if s in ratios] + [s for s in ratios if s not in SPLIT_ORDER]


def split_for(article_id: str, ratios: Mapping[str, float]) -> str:
    """Deterministic split of an article: same id and ratios, same split.

    The id is hashed (sha256) to a number in [0, 1) which falls into the
    cumulative ratio ranges of the ordered splits.  No salt and no state, so
    an article keeps its split across runs and releases as long as the
    ratios do not change; growing a split moves only articles at the range
    borders.  Ratios need not sum to 1 (they are normalised).
    """
    names = ordered_splits(ratios)
    weights = [max(0.0, float(ratios[name])) for name in names]
    total = sum(weights)
    if total <= 0:
        raise ValueError(f"split ratios must have a positive sum, got {dict(ratios)!r}")
    digest = hashlib.sha256(str(article_id).encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") / 2.0**64
    cumulative = 0.0
    for name, weight in zip(names, weights, strict=True):
        cumulative += weight / total
        if bucket < cumulative:
            return name
    # Rounding left the bucket just above the last border: last non-empty split.
    return next(name for name, weight in zip(reversed(names), reversed(weights), strict=True) if weight > 0)
