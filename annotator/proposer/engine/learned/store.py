"""A trained model on disk: one directory, written once, named by its version.

Layout::

    DIR/config.json   what produced it: model format, feature set, spaCy pipeline, seed, engine version
    DIR/scorer.json   the linear scorer (weights by feature name, bias, threshold)
    DIR/speaker.json  the speaker option scorer (optional)
    DIR/boundary.json the quote boundary scorer (optional; models trained before it have none)
    DIR/meta.json     version, training data (files, sha256, counts), dev scores, training time

The version is a hash of ``config.json`` and the scorers: the same training data
and seed give the same bytes and the same version. A directory is written under a
temporary name and renamed when complete, so a reader (another worker, after a
restart) never sees half a model.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .linear import LinearScorer

MODEL_FORMAT = "quote-proposer-learned/1"
#: Bump when ``candidates.proposal_features`` changes: older models would see other features.
FEATURE_SET = 2
FILES = ("config.json", "scorer.json", "meta.json")


class ModelError(ValueError):
    """A model directory that is missing, incomplete or of another format."""


@dataclass(frozen=True)
class LearnedModel:
    path: Path
    version: str
    config: dict
    meta: dict
    scorer: LinearScorer
    speaker: LinearScorer | None = None
    boundary: LinearScorer | None = None

    @property
    def spacy_model(self) -> str | None:
        return self.config.get("spacy_model")


def model_version(config_json: str, scorer_json: str, speaker_json: str = "", boundary_json: str = "") -> str:
    digest = hashlib.sha256(
        "\n".join(filter(None, (config_json, scorer_json, speaker_json, boundary_json))).encode("utf-8")
    ).hexdigest()
    return f"m-{digest[:12]}"


def write_model(
    target: Path,
    *,
    config: dict,
    scorer: LinearScorer,
    meta: dict,
    speaker: LinearScorer | None = None,
    boundary: LinearScorer | None = None,
) -> LearnedModel:
    """Write a complete model directory at ``target`` (which must not exist yet)."""
    config = {**config, "format": MODEL_FORMAT, "feature_set": FEATURE_SET}
    config_json = json.dumps(config, indent=2, sort_keys=True)
    scorer_json = scorer.to_json()
    speaker_json = speaker.to_json() if speaker is not None else ""
    boundary_json = boundary.to_json() if boundary is not None else ""
    version = model_version(config_json, scorer_json, speaker_json, boundary_json)
    meta = {**meta, "version": version}
    if target.exists() and any(target.iterdir()):
        raise ModelError(f"{target} exists and is not empty; choose a new directory.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    (tmp / "config.json").write_text(config_json + "\n", encoding="utf-8")
    (tmp / "scorer.json").write_text(scorer_json + "\n", encoding="utf-8")
    if speaker_json:
        (tmp / "speaker.json").write_text(speaker_json + "\n", encoding="utf-8")
    if boundary_json:
        (tmp / "boundary.json").write_text(boundary_json + "\n", encoding="utf-8")
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if target.exists():
        target.rmdir()
    tmp.rename(target)
    return LearnedModel(target, version, config, meta, scorer, speaker, boundary)


def load_model(path: Path | str) -> LearnedModel:
    """Read a model directory (once per process: a directory never changes after it is written)."""
    return _load(str(Path(path).resolve()))


@functools.cache
def _load(path: str) -> LearnedModel:
    root = Path(path)
    missing = [name for name in FILES if not (root / name).is_file()]
    if missing:
        raise ModelError(f"{root} is not a trained proposer model (missing {', '.join(missing)}).")
    config_json = (root / "config.json").read_text(encoding="utf-8").rstrip("\n")
    scorer_json = (root / "scorer.json").read_text(encoding="utf-8").rstrip("\n")
    config = json.loads(config_json)
    if config.get("format") != MODEL_FORMAT or config.get("feature_set") != FEATURE_SET:
        raise ModelError(
            f"{root} was trained for {config.get('format')} features {config.get('feature_set')}; "
            f"this engine reads {MODEL_FORMAT} features {FEATURE_SET}. Train it again."
        )
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    speaker_json = _optional(root / "speaker.json")
    boundary_json = _optional(root / "boundary.json")
    return LearnedModel(
        root,
        model_version(config_json, scorer_json, speaker_json, boundary_json),
        config,
        meta,
        LinearScorer.from_json(scorer_json),
        LinearScorer.from_json(speaker_json) if speaker_json else None,
        LinearScorer.from_json(boundary_json) if boundary_json else None,
    )


def _optional(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip("\n") if path.is_file() else ""
