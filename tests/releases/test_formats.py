"""Tests of the release export formats (pure Python, no database)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from annotator.interchange.articles import iter_articles
from annotator.releases.formats import FORMATS
from annotator.releases.formats.brat import LINE_BREAKS, safe_name
from annotator.releases.formats.csv_format import parse_fragments


class _Text:
    """Builds a text and returns the offsets of each appended piece."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, s: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += s
        return start, len(self.text)


def sample_article(article_id: str = "ext-1") -> dict:
    """A small invented article with the awkward cases: emoji, combining
    accents, RTL, commas and double quotes in a quote, an interrupted quote,
    a quote across a newline, a pronoun speaker and an unattributed quote."""
    t = _Text()
    t.add('Ministers met on Monday 🇳🇱.\n\n"')
    q1 = t.add('We will not, under any circumstances, accept "this" deal')
    t.add('," ')
    c1 = t.add("said")
    t.add(" ")
    s1 = t.add("Zoe\u0308 Müller")
    t.add(".\n“")
    f1 = t.add("It is a mistake")
    t.add(",” ")
    s2 = t.add("she")
    t.add(" ")
    c2 = t.add("added")
    t.add(", “")
    f2 = t.add("and a costly one 👍🏽.")
    t.add("”\n")
    s3 = t.add("דוד לוי")
    t.add(" ")
    c3 = t.add("argued")
    t.add(" that ")
    q3 = t.add("the\nplan was naïve")
    t.add(". A banner read: ")
    q4 = t.add("Hands off our harbour!")
    text = t.text
    quotes = [
        {
            "start": q1[0],
            "end": q1[1],
            "text": text[q1[0] : q1[1]],
            "kind": "direct",
            "cue": "said",
            "cue_start": c1[0],
            "cue_end": c1[1],
            "speaker": text[s1[0] : s1[1]],
            "speaker_start": s1[0],
            "speaker_end": s1[1],
            "speaker_entity": "Zoë Müller",
            "speaker_type": "name",
            "confidence": 0.93,
        },
        {
            "start": f1[0],
            "end": f2[1],
            "text": text[f1[0] : f1[1]] + " " + text[f2[0] : f2[1]],
            "kind": "direct",
            "fragments": [[f1[0], f1[1]], [f2[0], f2[1]]],
            "cue": "added",
            "cue_start": c2[0],
            "cue_end": c2[1],
            "speaker": "she",
            "speaker_start": s2[0],
            "speaker_end": s2[1],
            "speaker_entity": "Zoë Müller",
            "speaker_type": "pronoun",
            "confidence": 0.5,
        },
        {
            "start": q3[0],
            "end": q3[1],
            "text": text[q3[0] : q3[1]],
            "kind": "indirect",
            "cue": "argued",
            "cue_start": c3[0],
            "cue_end": c3[1],
            "speaker": "דוד לוי",
            "speaker_start": s3[0],
            "speaker_end": s3[1],
            "speaker_entity": "David Levy",
            "speaker_type": "name",
            "confidence": None,
        },
        {
            "start": q4[0],
            "end": q4[1],
            "text": text[q4[0] : q4[1]],
            "kind": "direct",
            "cue": None,
            "cue_start": None,
            "cue_end": None,
            "speaker": None,
            "speaker_start": None,
            "speaker_end": None,
            "speaker_entity": None,
            "speaker_type": None,
            "confidence": 1.0,
        },
    ]
    return {
        "id": article_id,
        "title": 'Harbour row, "again"',
        "outlet": "The Test Gazette",
        "url": "https://news.example/1",
        "published": "2024-11-13",
        "author": None,
        "text": text,
        "tags": ["a", "b"],
        "metadata": {"section": "politics", "title": "collides with a field"},
        "quotes": quotes,
        "speakers": [
            {
                "name": "Zoë Müller",
                "aliases": ["Müller", "the economist"],
                "description": "Economist",
                "external_id": "Q1",
            },
            {"name": "David Levy", "aliases": ["דוד לוי"], "description": None, "external_id": None},
        ],
    }


def write(fmt: str, tmp_path: Path, articles: list[tuple[dict, str]], **options) -> list[Path]:
    writer = FORMATS[fmt](tmp_path, options)
    for article, split in articles:
        writer.add(article, split)
    return list(writer.finish())  # a writer may list its files lazily


def test_registry_has_the_five_formats_with_matching_names():
    assert set(FORMATS) == {"jsonl", "csv", "spacy", "conll", "brat", "labelstudio", "webanno"}
    assert all(cls.name == name and cls.description for name, cls in FORMATS.items())


def test_sample_article_offsets_are_consistent():
    article = sample_article()
    text = article["text"]
    for q in article["quotes"]:
        if q.get("cue_start") is not None:
            assert text[q["cue_start"] : q["cue_end"]] == q["cue"]
        if q.get("speaker_start") is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker"]


# --- jsonl -----------------------------------------------------------------


def test_jsonl_round_trip_returns_identical_dicts(tmp_path):
    a, b = sample_article("a"), sample_article("b")
    b["metadata"] = {}
    paths = write("jsonl", tmp_path, [(a, "train"), (b, "test")])
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["jsonl/test.jsonl", "jsonl/train.jsonl"]
    assert list(iter_articles(tmp_path / "jsonl" / "train.jsonl")) == [a]
    assert list(iter_articles(tmp_path / "jsonl" / "test.jsonl")) == [b]


def test_jsonl_lifts_metadata_to_top_level_unless_it_collides(tmp_path):
    write("jsonl", tmp_path, [(sample_article(), "train")])
    line = (tmp_path / "jsonl" / "train.jsonl").read_text(encoding="utf-8")
    assert line.count("\n") == 1  # the newlines of the text are escaped
    record = json.loads(line)
    assert record["section"] == "politics" and record["tags"] == ["a", "b"]
    assert record["title"] == 'Harbour row, "again"'
    assert record["metadata"] == {"title": "collides with a field"}
    assert "🇳🇱" in line  # not \u-escaped


# --- csv -------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_parses_back_to_the_same_quotes(tmp_path):
    article = sample_article()
    write("csv", tmp_path, [(article, "dev")])
    rows = read_csv(tmp_path / "csv" / "quotes.csv")
    assert len(rows) == len(article["quotes"])
    for row, quote in zip(rows, article["quotes"], strict=True):
        assert row["article_id"] == "ext-1" and row["split"] == "dev"
        assert row["quote"] == quote["text"]  # commas, "quotes", newlines intact
        assert row["kind"] == quote["kind"]
        expected = quote.get("fragments") or [[quote["start"], quote["end"]]]
        assert parse_fragments(row["fragments"]) == [tuple(f) for f in expected]
        for key in ("start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end"):
            assert row[key] == ("" if quote.get(key) is None else str(quote[key]))
        for key in ("cue", "speaker_entity", "speaker_type"):
            assert row[key] == (quote.get(key) or "")
        assert row["speaker"] == (quote.get("speaker") or "")
        assert row["confidence"] == ("" if quote["confidence"] is None else str(quote["confidence"]))
    articles = read_csv(tmp_path / "csv" / "articles.csv")
    assert articles == [
        {
            "article_id": "ext-1",
            "split": "dev",
            "title": 'Harbour row, "again"',
            "outlet": "The Test Gazette",
            "url": "https://news.example/1",
            "published": "2024-11-13",
            "author": "",
            "quotes": "4",
        }
    ]


def test_csv_bom_option_prepends_utf8_bom_and_rows_end_in_crlf(tmp_path):
    write("csv", tmp_path, [(sample_article(), "train")], bom=True)
    raw = (tmp_path / "csv" / "quotes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_id,")
    assert raw.count(b"\r\n") == 1 + 4  # header + 4 quotes; the "\n" in a quote is not a row end
    assert b'"We will not, under any circumstances, accept ""this"" deal"' in raw


def test_csv_without_bom_starts_with_header_and_quote_all_option_quotes_everything(tmp_path):
    write("csv", tmp_path, [(sample_article(), "train")], csv={"quoting": "all"})
    raw = (tmp_path / "csv" / "quotes.csv").read_bytes()
    assert raw.startswith(b'"article_id","split"')


# --- spacy -----------------------------------------------------------------


def load_docs(path: Path) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_spacy_docbin_loads_with_blank_vocab_and_span_offsets_match(tmp_path):
    article = sample_article()
    paths = write("spacy", tmp_path, [(article, "train")])
    assert [p.name for p in paths] == ["train-000.spacy"]
    (doc,) = load_docs(paths[0])
    assert doc.text == article["text"]
    assert doc.user_data["id"] == "ext-1"
    quotes = doc.user_data["quotes"]
    assert len(quotes) == 4
    assert len(doc.spans["quotes"]) == 5  # one span per fragment
    assert [s.label_ for s in doc.spans["quotes"]] == ["direct", "direct", "direct", "indirect", "direct"]
    assert {s.label_ for s in doc.spans["cues"]} == {"CUE"}
    assert {s.label_ for s in doc.spans["speakers"]} == {"SPEAKER"}
    for index, (stored, quote) in enumerate(zip(quotes, article["quotes"], strict=True)):
        pieces = quote.get("fragments") or [[quote["start"], quote["end"]]]
        assert [(f["start_char"], f["end_char"]) for f in stored["fragments"]] == [tuple(p) for p in pieces]
        assert stored["speaker_entity"] == quote["speaker_entity"]
        for ref in stored["fragments"]:
            span = doc.spans["quotes"][ref["span"]]
            assert span.id_ == f"q{index}"
            # Our annotations sit on token boundaries, so "expand" is exact here.
            assert (span.start_char, span.end_char) == (ref["start_char"], ref["end_char"])
            assert (span.start, span.end) == (ref["start_token"], ref["end_token"])
        for key, group in (("cue", "cues"), ("speaker", "speakers")):
            ref = stored[key]
            if quote.get(f"{key}_start") is None:
                assert ref is None
                continue
            span = doc.spans[group][ref["span"]]
            assert (span.start_char, span.end_char) == (quote[f"{key}_start"], quote[f"{key}_end"])
            assert span.text == quote[key]


def test_spacy_unalignable_ranges_are_kept_as_char_offsets(tmp_path):
    article = sample_article()
    text = article["text"]
    space = text.index(" ")
    # A cue covering only whitespace, and a speaker range past the end of the text.
    article["quotes"][0].update(cue_start=space, cue_end=space + 1)
    article["quotes"][1].update(speaker_start=len(text) + 5, speaker_end=len(text) + 9)
    # Misaligned (mid-token) range: expanded to whole tokens.
    article["quotes"][2].update(cue_start=article["quotes"][2]["cue_start"] + 1)
    (path,) = write("spacy", tmp_path, [(article, "train")])
    (doc,) = load_docs(path)
    cue = doc.user_data["quotes"][0]["cue"]
    assert (cue["start_char"], cue["end_char"], cue["start_token"], cue["span"]) == (space, space + 1, None, None)
    assert doc.user_data["quotes"][1]["speaker"]["span"] is None
    expanded = doc.user_data["quotes"][2]["cue"]
    assert doc.spans["cues"][expanded["span"]].text == "argued"


def test_spacy_writes_a_new_shard_every_shard_size_docs(tmp_path):
    articles = [(sample_article(f"a{i}"), "train") for i in range(5)] + [(sample_article("d"), "dev")]
    paths = write("spacy", tmp_path, articles, spacy={"shard_size": 2})
    assert [p.name for p in paths] == ["dev-000.spacy", "train-000.spacy", "train-001.spacy", "train-002.spacy"]
    assert [len(load_docs(p)) for p in paths] == [1, 2, 2, 1]
    assert [d.user_data["id"] for p in paths[1:] for d in load_docs(p)] == [f"a{i}" for i in range(5)]


# --- conll -----------------------------------------------------------------


def parse_conll(path: Path) -> list[dict]:
    """[{doc_id, sentences: [[(token, q, c, s), ...], ...]}, ...]"""
    docs: list[dict] = []
    sentence: list = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append({"doc_id": None, "sentences": []})
        elif line.startswith("# doc_id = "):
            docs[-1]["doc_id"] = line[len("# doc_id = ") :]
        elif line == "":
            if sentence:
                docs[-1]["sentences"].append(sentence)
            sentence = []
        else:
            sentence.append(tuple(line.split("\t")))
    return docs


def test_conll_bio_tags_are_consistent_within_sentences(tmp_path):
    write("conll", tmp_path, [(sample_article("x1"), "train"), (sample_article("x2"), "train")])
    docs = parse_conll(tmp_path / "conll" / "train.conll")
    assert [d["doc_id"] for d in docs] == ["x1", "x2"]
    for doc in docs:
        assert len(doc["sentences"]) > 1
        for sentence in doc["sentences"]:
            previous = ["O", "O", "O"]
            for row in sentence:
                assert len(row) == 4 and row[0] and not re.search(r"\s", row[0])
                for col, (tag, label) in enumerate(zip(row[1:], ("QUOTE", "CUE", "SPEAKER"), strict=True)):
                    assert tag in ("O", f"B-{label}", f"I-{label}")
                    if tag.startswith("I-"):
                        assert previous[col] != "O"
                previous = list(row[1:])


def test_conll_tagged_tokens_spell_out_the_annotations(tmp_path):
    article = sample_article()
    write("conll", tmp_path, [(article, "test")])
    (doc,) = parse_conll(tmp_path / "conll" / "test.conll")
    rows = [row for sentence in doc["sentences"] for row in sentence]
    squash = lambda s: re.sub(r"\s", "", s)  # noqa: E731 - whitespace tokens are skipped
    quoted = "".join(r[0] for r in rows if r[1] != "O")
    assert quoted == "".join(squash(q["text"]) for q in article["quotes"])
    assert sum(r[1] == "B-QUOTE" for r in rows) >= 5  # one per fragment at least
    assert "".join(r[0] for r in rows if r[2] != "O") == "saidaddedargued"
    assert "".join(r[0] for r in rows if r[3] != "O") == squash("Zoe\u0308 Müllershe" + "דוד לוי")


# --- brat ------------------------------------------------------------------


def parse_ann(path: Path) -> dict[str, list]:
    lines: dict[str, list] = {"T": [], "R": [], "A": [], "#": []}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line:
            lines[line[0]].append(line.split("\t"))
    return lines


def test_brat_offsets_slice_the_txt_exactly(tmp_path):
    article = sample_article("ext/1 ü")
    paths = write("brat", tmp_path, [(article, "train")])
    txt = next(p for p in paths if p.suffix == ".txt")
    ann = txt.with_suffix(".ann")
    text = txt.read_bytes().decode("utf-8")
    assert text == article["text"]  # byte-exact, no newline translation
    entities = parse_ann(ann)["T"]
    covered = []
    for _tid, type_offsets, annotated in entities:
        label, offsets = type_offsets.split(" ", 1)
        pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
        assert " ".join(text[s:e] for s, e in pieces) == annotated
        assert not any(ch in LINE_BREAKS for s, e in pieces for ch in text[s:e])
        covered.append((label, pieces))
    quotes = [pieces for label, pieces in covered if label == "Quote"]
    assert len(quotes) == 4
    # The indirect quote crosses a newline: two pieces that skip exactly the "\n".
    q3 = article["quotes"][2]
    assert quotes[2] == [(q3["start"], q3["start"] + 3), (q3["start"] + 4, q3["end"])]
    # The interrupted quote keeps its fragments (emoji included).
    assert quotes[1] == [tuple(f) for f in article["quotes"][1]["fragments"]]
    labels = sorted(label for label, _ in covered)
    assert labels.count("Cue") == 3 and labels.count("Speaker") == 3


def test_brat_relations_attributes_and_notes_point_to_existing_entities(tmp_path):
    write("brat", tmp_path, [(sample_article(), "dev")])
    ann = parse_ann(tmp_path / "brat" / "dev" / "ext-1.ann")
    ids = {t[0]: t[1].split()[0] for t in ann["T"]}
    relations = [r[1].split() for r in ann["R"]]
    assert {r[0] for r in relations} == {"HasCue", "HasSpeaker"}
    for name, arg1, arg2 in relations:
        assert ids[arg1.split(":")[1]] == "Quote"
        assert ids[arg2.split(":")[1]] == {"HasCue": "Cue", "HasSpeaker": "Speaker"}[name]
    kinds = [a[1].split() for a in ann["A"]]
    assert [k[2] for k in kinds] == ["direct", "direct", "indirect", "direct"]
    assert all(ids[k[1]] == "Quote" for k in kinds)
    notes = [(n[1].split()[1], n[2]) for n in ann["#"]]
    speaker_notes = [text for target, text in notes if ids[target] == "Speaker"]
    assert speaker_notes == ["Zoë Müller", "Zoë Müller", "David Levy"]
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nQuote\nCue\nSpeaker" in conf and "Kind\tArg:Quote, Value:direct|indirect|mixed" in conf


def test_brat_safe_names_are_file_safe_and_distinct():
    ids = ["ext-42", "a/b", "a_b", "../etc", "ünï", "", "x" * 300]
    names = [safe_name(i) for i in ids]
    assert names[0] == "ext-42"
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{1,100}", n) and not n.startswith(".") for n in names)


def test_brat_ids_differing_only_in_case_get_distinct_files(tmp_path):
    paths = write("brat", tmp_path, [(sample_article("Abc"), "train"), (sample_article("abc"), "train")])
    names = {p.name.lower() for p in paths if p.suffix == ".txt"}
    assert len(names) == 2


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_only_below_its_own_folder(tmp_path, fmt):
    paths = write(fmt, tmp_path, [(sample_article(), "train"), (sample_article("t"), "test")])
    assert paths
    assert all(p.is_file() and p.relative_to(tmp_path).parts[0] == fmt for p in paths)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_accepts_empty_text_missing_quotes_and_database_types(tmp_path, fmt):
    import datetime
    import decimal

    db_typed = sample_article("db")
    db_typed["published"] = datetime.date(2024, 11, 13)
    db_typed["quotes"][0]["confidence"] = decimal.Decimal("0.93")
    db_typed["metadata"]["fetched"] = datetime.datetime(2024, 11, 13, 8, 30)
    batch = [
        ({"id": "empty", "text": "", "quotes": []}, "train"),
        ({"id": "blank", "text": "  \n ", "quotes": None, "metadata": None}, "train"),
        (db_typed, "train"),
    ]
    paths = write(fmt, tmp_path, batch)
    assert paths
    if fmt == "jsonl":
        back = list(iter_articles(tmp_path / "jsonl" / "train.jsonl"))
        assert back[2]["published"] == "2024-11-13" and back[2]["quotes"][0]["confidence"] == 0.93
        assert back[2]["metadata"]["fetched"] == "2024-11-13T08:30:00"
    if fmt == "spacy":
        docs = load_docs(paths[0])
        assert [d.user_data["id"] for d in docs] == ["empty", "blank", "db"]
        assert docs[2].user_data["published"] == "2024-11-13"


def test_brat_merges_touching_or_overlapping_fragments_and_splits_at_every_line_break():
    from annotator.releases.formats.brat import break_free_pieces

    text = "abcdef\u2028ghij\r\nkl"
    assert break_free_pieces(text, [(0, 3), (3, 5), (4, 6)]) == [(0, 6)]  # brat: touching = overlap
    assert break_free_pieces(text, [(2, 14)]) == [(2, 6), (7, 11), (13, 14)]
    assert break_free_pieces(text, [(6, 7), (50, 60)]) == []


def test_csv_neutralises_cells_that_would_run_as_formulas_unless_turned_off(tmp_path):
    import csv as csv_module

    text = '=HYPERLINK("http://evil") said +Ana. -1 is a number. @everyone'
    article = {
        "id": "=1+1",
        "title": "@title",
        "text": text,
        "quotes": [{"start": 0, "end": 26, "kind": "direct", "speaker_entity": "+Ana", "confidence": -0.0}],
    }
    write("csv", tmp_path, [(article, "train")])
    with open(tmp_path / "csv" / "quotes.csv", encoding="utf-8", newline="") as handle:
        [row] = list(csv_module.DictReader(handle))
    assert row["article_id"] == "'=1+1" and row["quote"] == "'" + text[:26] and row["speaker_entity"] == "'+Ana"
    assert row["start"] == "0" and row["confidence"] == "-0.0"  # numbers are not text cells
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as handle:
        assert next(csv_module.DictReader(handle))["title"] == "'@title"

    plain = tmp_path / "plain"
    from annotator.releases.formats import FORMATS

    formatter = FORMATS["csv"](plain, {"csv": {"formula_escape": False}})
    formatter.add(article, "train")
    formatter.finish()
    with open(plain / "csv" / "quotes.csv", encoding="utf-8", newline="") as handle:
        assert next(csv_module.DictReader(handle))["article_id"] == "=1+1"
