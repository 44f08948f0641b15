"""A logistic-regression scorer stored as plain JSON: named weights, a bias and a threshold.

Training uses scikit-learn (``training.py``); predicting needs only this module, so a
worker that proposes never imports scikit-learn and a model file is data, not code
(no pickle to trust).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LinearScorer:
    """P(keep) = sigmoid(bias + sum of the weights of the features present, times their values)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    #: ``candidates.cue_key`` of the cues the training gold uses, beyond the rules' lexicon
    cues: frozenset[str] = frozenset()

    def score(self, features: dict[str, float]) -> float:
        """The log-odds: what ``probability`` squashes, in the same order (enough to pick the best option)."""
        weights = self.weights
        return self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())

    def probability(self, features: dict[str, float]) -> float:
        z = self.score(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def keep(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        # sorted keys and repr-exact floats: the same model always gives the same bytes (and version)
        return json.dumps(
            {
                "bias": self.bias,
                "cues": sorted(self.cues),
                "threshold": self.threshold,
                "weights": dict(sorted(self.weights.items())),
            },
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, data: str) -> LinearScorer:
        raw = json.loads(data)
        return cls(
            {str(k): float(v) for k, v in raw["weights"].items()},
            float(raw["bias"]),
            float(raw["threshold"]),
            frozenset(str(c) for c in raw.get("cues", ())),
        )

    @classmethod
    def load(cls, path: Path) -> LinearScorer:
        return cls.from_json(path.read_text(encoding="utf-8"))
