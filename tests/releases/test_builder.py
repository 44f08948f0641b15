"""Tests of release assembly, split assignment and the synthetic generator."""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from annotator.releases.builder import build_release, split_for
from annotator.releases.formats import FORMATS
from annotator.releases.synthetic import generate_articles

RATIOS = {"train": 0.8, "dev": 0.1, "test": 0.1}
INFO = {
    "name": "Who said what — test release",
    "version": "1.2.0",
    "created": "2024-11-13T10:00:00+00:00",
    "guideline_version": "g-7",
    "proposer_version": "rules-0.3",
    "agreement": {"quote span F1": 0.87, "speaker accuracy": 0.91},
    "method": "Invented articles annotated by nobody, for tests.",
}


def articles(n: int = 12, quotes: int = 3) -> list[dict]:
    return list(generate_articles(n, quotes_per_article=quotes, seed=7))


# --- split_for ---------------------------------------------------------------


def test_split_for_gives_the_same_split_for_the_same_id():
    ids = [f"ext-{i}" for i in range(200)]
    first = [split_for(i, RATIOS) for i in ids]
    assert first == [split_for(i, dict(reversed(list(RATIOS.items())))) for i in ids]  # dict order irrelevant
    assert split_for("ext-42", RATIOS) == split_for("ext-42", {"test": 0.1, "train": 0.8, "dev": 0.1})
    # Regression guard: the assignment is a fixed function of the id (sha256), not of the run.
    bucket = int.from_bytes(hashlib.sha256(b"ext-42").digest()[:8], "big") / 2**64
    assert split_for("ext-42", RATIOS) == ("train" if bucket < 0.8 else "dev" if bucket < 0.9 else "test")


def test_split_for_respects_ratios_roughly_on_1000_ids():
    counts = Counter(split_for(f"article-{i}", RATIOS) for i in range(1000))
    assert set(counts) == {"train", "dev", "test"}
    assert 740 <= counts["train"] <= 860
    assert 60 <= counts["dev"] <= 140 and 60 <= counts["test"] <= 140


def test_split_for_never_picks_a_zero_ratio_split_and_normalises_ratios():
    counts = Counter(split_for(str(i), {"train": 3, "dev": 0, "test": 1}) for i in range(1000))
    assert counts["dev"] == 0 and 680 <= counts["train"] <= 820


def test_split_for_rejects_ratios_without_positive_sum():
    with pytest.raises(ValueError):
        split_for("x", {"train": 0, "test": 0})


# --- build_release -------------------------------------------------------------


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


def test_release_manifest_checksums_verify(tmp_path):
    out = tmp_path / "out" / "release.zip"
    build_release(articles(), out_path=out, formats=list(FORMATS), ratios=RATIOS, info=INFO)
    entries = read_zip(out)
    manifest = entries["MANIFEST"].decode("utf-8").splitlines()
    listed = {}
    for line in manifest:
        digest, path = line.split("  ", 1)  # sha256sum text format
        listed[path] = digest
    assert set(listed) == set(entries) - {"MANIFEST"}
    for path, digest in listed.items():
        assert hashlib.sha256(entries[path]).hexdigest() == digest
    assert {p.split("/")[0] for p in listed} == set(FORMATS) | {"README.md"}


def test_release_summary_describes_the_zip_and_its_files(tmp_path):
    out = tmp_path / "release.zip"
    summary = build_release(articles(), out_path=out, formats=["jsonl", "csv"], ratios=RATIOS, info=INFO)
    raw = out.read_bytes()
    assert summary["sha256"] == hashlib.sha256(raw).hexdigest()
    assert summary["size"] == len(raw)
    entries = read_zip(out)
    assert {f["path"] for f in summary["files"]} == set(entries)
    for f in summary["files"]:
        assert f["size"] == len(entries[f["path"]])
        assert f["sha256"] == hashlib.sha256(entries[f["path"]]).hexdigest()
    assert sorted(tmp_path.iterdir()) == [out]  # no scratch dir, no .part left behind


def test_release_counts_and_datasheet_reflect_the_articles(tmp_path):
    data = articles(20, quotes=4)
    summary = build_release(iter(data), out_path=tmp_path / "r.zip", formats=["jsonl"], ratios=RATIOS, info=INFO)
    counts = summary["counts"]
    assert counts["articles"] == 20 and counts["quotes"] == 80
    assert sum(s["articles"] for s in counts["by_split"].values()) == 20
    expected_splits = Counter(split_for(a["id"], RATIOS) for a in data)
    assert {k: v["articles"] for k, v in counts["by_split"].items()} == dict(expected_splits)
    kinds = Counter(q["kind"] for a in data for q in a["quotes"])
    assert counts["by_kind"] == dict(kinds)
    speakers = Counter(q["speaker_entity"] for a in data for q in a["quotes"] if q.get("speaker_entity"))
    assert counts["top_speakers"][0][1] == speakers.most_common(1)[0][1]
    readme = read_zip(tmp_path / "r.zip")["README.md"].decode("utf-8")
    for needle in (
        "# Who said what — test release",
        "1.2.0",
        "g-7",
        "rules-0.3",
        "quote span F1",
        "0.87",
        "Invented articles annotated by nobody",
        "| train |",
        speakers.most_common(1)[0][0],
        "sha256sum -c MANIFEST",
        "`jsonl/<split>.jsonl`",
    ):
        assert needle in readme


def test_release_jsonl_in_the_zip_round_trips_the_input(tmp_path):
    from annotator.interchange.articles import article_from_line

    data = articles(10)
    build_release(data, out_path=tmp_path / "r.zip", formats=["jsonl"], ratios=RATIOS, info={})
    entries = read_zip(tmp_path / "r.zip")
    back = [
        article_from_line(line)
        for name, raw in entries.items()
        if name.endswith(".jsonl")
        for line in raw.decode("utf-8").splitlines()
    ]
    assert sorted(back, key=lambda a: a["id"]) == sorted(data, key=lambda a: a["id"])


def test_release_reports_progress_and_accepts_a_split_override(tmp_path):
    seen: list[int] = []
    summary = build_release(
        articles(250, quotes=1),
        out_path=tmp_path / "r.zip",
        formats=["csv"],
        ratios=RATIOS,
        info={},
        progress=seen.append,
        split_of=lambda a: "test",
    )
    assert seen == [100, 200, 250]
    assert summary["counts"]["by_split"] == {"test": {"articles": 250, "quotes": 250}}


def test_release_rejects_unknown_formats_before_writing(tmp_path):
    with pytest.raises(ValueError, match="unknown"):
        build_release(articles(1), out_path=tmp_path / "r.zip", formats=["jsonl", "xml"], ratios=RATIOS, info={})
    assert not (tmp_path / "r.zip").exists()


def test_failed_release_leaves_no_partial_files(tmp_path):
    def broken():
        yield from articles(3)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        build_release(broken(), out_path=tmp_path / "r.zip", formats=["jsonl", "brat"], ratios=RATIOS, info={})
    assert list(tmp_path.iterdir()) == []


# --- synthetic ----------------------------------------------------------------


def test_synthetic_articles_are_deterministic_and_their_offsets_slice_the_text():
    data = list(generate_articles(30, quotes_per_article=10, seed=3))
    assert data == list(generate_articles(30, quotes_per_article=10, seed=3))
    assert len({a["id"] for a in data}) == 30
    kinds, fragmented, multiline = Counter(), 0, 0
    for article in data:
        text = article["text"]
        assert len(article["quotes"]) == 10
        for q in article["quotes"]:
            kinds[q["kind"]] += 1
            if q.get("fragments"):
                fragmented += 1
                assert q["text"] == " ".join(text[s:e] for s, e in q["fragments"])
                assert (q["start"], q["end"]) == (q["fragments"][0][0], q["fragments"][-1][1])
            else:
                assert q["text"] == text[q["start"] : q["end"]]
                multiline += "\n" in q["text"]
            for key in ("cue", "speaker"):
                if q.get(f"{key}_start") is not None:
                    assert text[q[f"{key}_start"] : q[f"{key}_end"]] == q[key]
        named = {q["speaker_entity"] for q in article["quotes"] if q.get("speaker_entity")}
        assert named == {s["name"] for s in article["speakers"]}
    assert set(kinds) == {"direct", "indirect", "mixed"}
    assert fragmented and multiline


def test_datasheet_writes_options_and_filters_as_text_and_includes_the_guidelines(tmp_path):
    info = INFO | {
        "split_ratios": {"train": 0.8, "dev": 0.1, "test": 0.1},
        "filters": {"status": ["gold"], "tags": ["politics", "local"]},
        "options": {"csv": {"bom": True}},
        "guidelines": "# Who said what\n\nMark every quote with its cue.",
    }
    build_release(articles(2), out_path=tmp_path / "r.zip", formats=["jsonl"], ratios=RATIOS, info=info)
    readme = read_zip(tmp_path / "r.zip")["README.md"].decode("utf-8")
    assert "| split_ratios | train: 0.8; dev: 0.1; test: 0.1 |" in readme
    assert "| filters | status: gold; tags: politics, local |" in readme
    assert "| options | csv: bom: yes |" in readme
    assert "{'" not in readme and "['" not in readme
    assert "## Annotation guidelines (version g-7)" in readme and "Mark every quote with its cue." in readme
