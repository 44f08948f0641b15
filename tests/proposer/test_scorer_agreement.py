"""`evaluate_quotes` computes the same metrics as the evaluation set's own scorer.

The reference scorer (`../shared/eval/score.py`, next to the checkout, or
`$ANNOTATOR_EVAL_DIR/score.py`) is run as a separate program on predictions these
tests generate from invented texts; every figure both print must be equal. The test
is skipped where the scorer is not present.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
SCORER = Path(os.environ.get("ANNOTATOR_EVAL_DIR", ROOT.parent / "shared" / "eval")) / "score.py"

pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason=f"reference scorer not found at {SCORER}")

WORDS = "the ferry left late and harbour crews worked all night on new moorings before winter storms".split()
PEOPLE = ["Ana Silva", "Tom Reed", "Ivo Brandt", "Priya Nair", "Silva", "Reed", "Nair"]
CUES = ["said", "told", "added", "according to", "warned"]


def _article(rng: random.Random, n: int) -> tuple[str, list[tuple[int, int]]]:
    """An invented text of short sentences, with quotation marks and edge punctuation to trim."""
    pieces, spans, pos = [], [], 0
    for _ in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        sentence = rng.choice(["“{}”, {} {}.", "{}, {} {}.", '"{}," {} {}.']).format(
            words, rng.choice(CUES), rng.choice(PEOPLE)
        )
        pieces.append(sentence + " ")
        spans.append((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    return "".join(pieces), spans


def _quote(rng: random.Random, text: str, lo: int, hi: int) -> dict:
    start = rng.randint(lo, max(lo, hi - 5))
    end = rng.randint(min(hi, start + 1), hi)
    quote = {"start": start, "end": end, "text": text[start:end], "kind": rng.choice(["direct", "indirect", "mixed"])}
    if rng.random() < 0.8:
        cs = rng.randint(lo, hi - 1)
        quote.update(cue_start=cs, cue_end=min(hi, cs + rng.randint(1, 8)))
    else:
        quote.update(cue_start=None, cue_end=None)
    if rng.random() < 0.85:
        ss = rng.randint(lo, hi - 1)
        quote.update(speaker_start=ss, speaker_end=min(hi, ss + rng.randint(1, 10)))
    else:
        quote.update(speaker_start=None, speaker_end=None)
    quote["speaker_entity"] = rng.choice(PEOPLE + [None])
    return quote


def _documents(seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    gold, pred = [], []
    for k in range(12):
        text, sentences = _article(rng, rng.randint(3, 9))
        doc_id = f"doc-{seed}-{k}"
        gq = [_quote(rng, text, *s) for s in sentences if rng.random() < 0.7]
        pq = [_quote(rng, text, *s) for s in sentences if rng.random() < 0.6]
        gold.append({"id": doc_id, "text": text, "quotes": gq})
        if k != 5:  # one document without predictions: counted as missing by both
            pred.append({"id": doc_id, "text": text, "quotes": pq})
    return gold, pred


def _write(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_evaluate_quotes_agrees_with_the_reference_scorer_in_both_speaker_modes(tmp_path, seed):
    gold, pred = _documents(seed)
    gold_path, pred_path = _write(tmp_path / "gold.jsonl", gold), _write(tmp_path / "pred.jsonl", pred)
    out = StringIO()
    call_command("evaluate_quotes", str(gold_path), "--pred", str(pred_path), "--json", stdout=out)
    ours = json.loads(out.getvalue())
    assert ours["mention"]["gold"] > 20 and ours["mention"]["pred"] > 20
    for mode in ("mention", "entity"):
        done = subprocess.run(
            [sys.executable, str(SCORER), str(gold_path), str(pred_path), "--speaker", mode],
            capture_output=True,
            text=True,
            check=True,
        )
        reference = json.loads(done.stdout)
        assert reference["overlap_f1"] > 0 and reference["speaker_acc"] is not None
        assert {k: ours[mode][k] for k in reference} == reference, mode
