"""What keeps a release's memory flat whatever the corpus size: DocBin shards bounded by
size, a zip whose bookkeeping stays on disk, a summary that sums up big folders, and
articles read from the database in keyset chunks. Each still gives a release that reads."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from annotator.annotations.models import AnnotationSet, Quote, SetKind
from annotator.corpus.models import Article
from annotator.releases import selectors
from annotator.releases.builder import FILES_LISTED_PER_FOLDER, build_release
from annotator.releases.formats import FORMATS
from annotator.releases.synthetic import generate_articles


def test_docbin_shards_close_at_their_character_budget_and_every_doc_reads_back(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    articles = list(generate_articles(30, quotes_per_article=2, seed=3))
    writer = FORMATS["spacy"](tmp_path, {"shard_chars": 3 * len(articles[0]["text"])})
    for article in articles:
        writer.add(article, "train")
    shards = list(writer.finish())
    assert len(shards) >= 8  # about three articles a shard, not one shard of 30
    vocab = spacy.blank("en").vocab
    docs = [doc for path in shards for doc in DocBin().from_disk(path).get_docs(vocab)]
    assert [d.user_data["id"] for d in docs] == [a["id"] for a in articles]
    for doc, article in zip(docs, articles, strict=True):
        assert doc.text == article["text"]
        first = article["quotes"][0]
        assert doc.user_data["quotes"][0]["start"] == first["start"]


def test_the_splits_open_docbin_shards_hold_at_most_the_character_budget_together(tmp_path):
    """Split 8:1:1 over many articles, dev's and test's shards fill slowly: counted per
    split, each grew to the budget too and three shards were held at once, so the peak grew
    with the corpus (248 MB at 1,000 PolNeAR-length articles, 335 MB at 8,000)."""
    from spacy.tokens import DocBin

    articles = list(generate_articles(60, quotes_per_article=2, seed=4))
    budget = 4 * max(len(a["text"]) for a in articles)
    writer = FORMATS["spacy"](tmp_path, {"shard_chars": budget})
    added = written = 0
    seen: set = set()
    for i, article in enumerate(articles):
        writer.add(article, "train" if i % 10 < 8 else ("dev" if i % 10 == 8 else "test"))
        added += len(article["text"])
        for path in sorted(set((tmp_path / "spacy").glob("*.spacy")) - seen):
            seen.add(path)
            written += sum(len(doc.text) for doc in DocBin().from_disk(path).get_docs(writer.nlp.vocab))
        assert added - written < budget, f"after article {i + 1}: {added - written} characters held in memory"
    shards = writer.finish()
    assert {p.name.split("-")[0] for p in shards} == {"train", "dev", "test"}
    assert sum(len(DocBin().from_disk(p)) for p in shards) == len(articles)


def test_a_release_with_many_files_lists_every_checksum_in_the_manifest_and_sums_up_big_folders(tmp_path):
    n = FILES_LISTED_PER_FOLDER + 10
    out = tmp_path / "release.zip"
    summary = build_release(
        generate_articles(n, quotes_per_article=1, seed=5),
        out_path=out,
        formats=["brat", "jsonl"],
        split_of=lambda article: "train",
    )
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        manifest = dict(reversed(line.split("  ", 1)) for line in zf.read("MANIFEST").decode().splitlines())
        for name in names:
            if name != "MANIFEST":
                assert manifest[name] == hashlib.sha256(zf.read(name)).hexdigest()
    assert len([n for n in names if n.startswith("brat/train/")]) == 2 * n
    assert set(manifest) == set(names) - {"MANIFEST"}
    [folder] = [f for f in summary["files"] if f["path"] == "brat/train/"]
    assert folder["files"] == 2 * n and folder["size"] > 0
    assert {f["path"] for f in summary["files"]} >= {"README.md", "MANIFEST", "brat/annotation.conf"}


@pytest.mark.django_db
def test_release_articles_come_in_keyset_chunks_each_once_in_id_order(project, monkeypatch):
    monkeypatch.setattr(selectors, "CHUNK", 4)
    articles = Article.objects.bulk_create(
        Article(project=project, external_id=f"k{i}", text=f"Text {i} said she.", content_hash=f"h{i}")
        for i in range(10)
    )
    gold = AnnotationSet.objects.bulk_create(AnnotationSet(article=a, kind=SetKind.GOLD) for a in articles[1:])
    Quote.objects.bulk_create(Quote(annotation_set=s, start=0, end=4, fragments=[[0, 4]]) for s in gold)
    got = list(selectors.release_articles(project=project, source="gold", filters={}))
    assert [a["id"] for a in got] == [f"k{i}" for i in range(1, 10)]  # the one without gold left out
    assert all(len(a["quotes"]) == 1 for a in got)
