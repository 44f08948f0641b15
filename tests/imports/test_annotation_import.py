"""`import_annotations`: brat, Label Studio, doccano and Prodigy exports written by hand after each
tool's documented format, mapped onto quotes, and written as members' work, gold or proposals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.accounts.models import Membership, Role
from annotator.annotations.models import AnnotationSet, GoldVersion, QuoteStatus, SetKind, SetStatus
from annotator.corpus.models import Article, ArticleStatus
from annotator.releases.formats.brat import article_to_ann
from annotator.review.selectors import project_agreement
from tests.factories import ProjectFactory

TEXT = '"We will win," Ana Lopez said.\nCritics said the plan would fail.'
QUOTES = [
    {"start": 0, "end": 14, "kind": "direct", "cue_start": 25, "cue_end": 29, "speaker_start": 15,
     "speaker_end": 24, "speaker_entity": "Ana Lopez", "speaker_type": "named"},
    {"start": 44, "end": 64, "kind": "indirect", "cue_start": 39, "cue_end": 43, "speaker_start": 31,
     "speaker_end": 38},
]  # fmt: skip
KEYS = ("start", "end", "fragments", "kind", "cue_start", "cue_end", "speaker_start", "speaker_end", "speaker_type")


def gold_quotes(article) -> list[dict]:
    gold = article.annotation_sets.get(kind=SetKind.GOLD)
    out = []
    for q in gold.quotes.order_by("start"):
        out.append({k: getattr(q, k) for k in KEYS} | {"speaker_entity": q.speaker.name if q.speaker else None})
    return out


def brat_folder(tmp_path: Path, files: dict[str, tuple[str, str]]) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    for name, (text, ann) in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (folder / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    return folder


@pytest.mark.django_db
def test_our_brat_export_comes_back_as_the_same_gold_and_exports_the_same_ann(project, manager, tmp_path, capsys):
    article = {"id": "lopez", "text": TEXT, "quotes": QUOTES}
    ann = article_to_ann(article)
    folder = brat_folder(tmp_path, {"lopez": (TEXT, ann)})
    call_command("import_annotations", str(folder), "--format", "brat", "--as", "gold", "--project", project.slug)
    assert "2 quote(s) read, 2 written as gold (gold 1)" in capsys.readouterr().out
    imported = Article.objects.get(project=project, external_id="lopez")
    assert imported.status == ArticleStatus.GOLD and GoldVersion.objects.filter(article=imported).count() == 1
    expected = [
        {k: q.get(k) for k in KEYS}
        | {
            "fragments": [[q["start"], q["end"]]],
            "speaker_type": q.get("speaker_type", ""),
            "speaker_entity": q.get("speaker_entity"),
        }  # fmt: skip
        for q in QUOTES
    ]
    assert gold_quotes(imported) == expected
    gold = imported.annotation_sets.get(kind=SetKind.GOLD)
    assert gold.based_on.kind == SetKind.IMPORTED and gold.based_on.source == "import:brat:brat"
    again = {"id": "lopez", "text": imported.text, "quotes": [{k: v for k, v in q.items() if v} for q in expected]}
    assert article_to_ann(again) == ann  # brat -> import -> brat: the same .ann, line for line


PN_TEXT = 'The senator said on Monday that the bill, which "nobody read",\r\nwould pass. Aides declined.'


def pn_ann() -> str:
    """PolNeAR-style: Source, Cue and Content spans joined by an attribution event, CRLF in the text."""
    t = PN_TEXT
    src, cue = (t.index("The senator"), t.index("The senator") + 11), (t.index("said"), t.index("said") + 4)
    c1 = (t.index("the bill"), t.index("the bill") + 8)
    c2 = (t.index("would pass"), t.index("would pass") + 10)
    aides = (t.index("Aides"), t.index("Aides") + 5)
    return (
        f"T1\tSource {src[0]} {src[1]}\tThe senator\n"
        f"T2\tCue {cue[0]} {cue[1]}\tsaid\n"
        f"T3\tContent {c1[0]} {c1[1]};{c2[0]} {c2[1]}\tthe bill would pass\n"
        f"T4\tEntity {aides[0]} {aides[1]}\tAides\n"
        "E1\tAttribution:T2 Source:T1 Content:T3\n"
        "A1\tKind T3 indirect\n"
        "#1\tAnnotatorNotes T1\tJohn Smith\n"
    )


@pytest.mark.django_db
def test_an_attribution_event_with_a_discontinuous_content_and_crlf_text(project, tmp_path):
    folder = brat_folder(tmp_path, {"pn": (PN_TEXT, pn_ann())})
    call_command("import_annotations", str(folder), "--format", "brat", "--as", "proposals", "--project", project.slug)
    article = Article.objects.get(project=project)
    assert "\r" not in article.text  # stored with \n, offsets moved with it
    machine = article.annotation_sets.get(kind=SetKind.MACHINE)
    [quote] = machine.quotes.all()
    assert quote.status == QuoteStatus.PROPOSED and quote.kind == "indirect"
    t = article.text
    assert [t[s:e] for s, e in quote.fragments] == ["the bill", "would pass"]
    assert t[quote.cue_start : quote.cue_end] == "said" and t[quote.speaker_start : quote.speaker_end] == "The senator"
    assert quote.speaker.name == "John Smith"
    aides = t.index("Aides")  # the span no rule maps, kept, its offsets in the stored text
    assert article.metadata["unmapped"] == [{"label": "Entity", "fragments": [[aides, aides + 5]], "text": "Aides"}]
    assert article.status == ArticleStatus.PROPOSED


@pytest.mark.django_db
def test_a_brat_file_whose_text_drifted_is_refused_whole_with_its_line(project, tmp_path):
    good = (TEXT, article_to_ann({"id": "a", "text": TEXT, "quotes": QUOTES}))
    drifted = ("X" + TEXT, good[1])  # one character more at the start: every offset is off by one
    folder = brat_folder(tmp_path, {"a": good, "b": drifted})
    with pytest.raises(CommandError) as excinfo:
        call_command("import_annotations", str(folder), "--format", "brat", "--as", "gold", "--project", project.slug)
    assert "b.ann, line 1: the text at 0 14" in str(excinfo.value)
    assert not Article.objects.filter(project=project).exists()


EMOJI = 'Fans 🎉🎉 cheered. "We did it," the coach said.'


def ls_region(rid: str, text: str, needle: str, label: str) -> dict:
    start = text.index(needle)
    utf16 = len(text[:start].encode("utf-16-le")) // 2  # as Label Studio counts, in the browser
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": utf16, "end": utf16 + len(needle.encode("utf-16-le")) // 2, "text": needle,
                      "labels": [label]}}  # fmt: skip


def ls_export(tmp_path: Path) -> Path:
    full = [ls_region("q", EMOJI, '"We did it,"', "Quote"), ls_region("c", EMOJI, "said", "Cue"),
            ls_region("s", EMOJI, "the coach", "Speaker"),
            {"type": "relation", "from_id": "q", "to_id": "c", "labels": ["cue"], "direction": "right"},
            {"type": "relation", "from_id": "q", "to_id": "s", "labels": ["speaker"], "direction": "right"}]  # fmt: skip
    other = [ls_region("q2", EMOJI, "We did it", "Quote"), ls_region("x", EMOJI, "Fans", "Speaker")]
    tasks = [
        {"id": 7, "data": {"text": EMOJI, "outlet": "Daily"},
         "annotations": [{"completed_by": {"email": "ana@news.org"}, "result": full},
                         {"completed_by": 12, "result": other},
                         {"completed_by": 13, "was_cancelled": True, "result": []}],
         "predictions": [{"model_version": "v1", "result": full[:3]}]},
    ]  # fmt: skip
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_label_studio_annotators_become_members_with_submitted_sets(project, tmp_path):
    project.annotators_per_article = 2
    project.save()
    path = ls_export(tmp_path)
    with pytest.raises(CommandError, match="no member of the project"):
        call_command("import_annotations", str(path), "--format", "labelstudio", "--project", project.slug)
    assert not Article.objects.filter(project=project).exists()
    call_command("import_annotations", str(path), "--format", "labelstudio", "--project", project.slug,
                 "--member", "12=bea", "--create-members")  # fmt: skip
    article = Article.objects.get(project=project)
    assert article.status == ArticleStatus.ANNOTATED
    assert set(Membership.objects.filter(project=project, role=Role.ANNOTATOR).values_list("user__username", flat=True)) \
        >= {"ana@news.org", "bea"}  # fmt: skip
    sets = {s.owner.username: s for s in article.annotation_sets.filter(kind=SetKind.HUMAN)}
    assert all(s.status == SetStatus.SUBMITTED for s in sets.values())
    [q] = sets["ana@news.org"].quotes.all()
    t = article.text
    assert t[q.start : q.end] == '"We did it,"' and t[q.cue_start : q.cue_end] == "said"  # emoji counted once
    assert t[q.speaker_start : q.speaker_end] == "the coach"
    assert article.annotation_sets.filter(kind=SetKind.MACHINE).count() == 1  # the prediction
    # By hand: one quote each, matched (they overlap), so overlap F1 1.0; ana marked a cue and
    # the coach, bea no cue and "Fans": cue agreement 0/1, mention agreement 0/1.
    figures = project_agreement(project=project)
    assert figures["overlap_f1"] == 1.0 and figures["cue"] == 0.0 and figures["speaker_mention"] == 0.0
    assert article.disagreement == pytest.approx(round(1 - (1.0 + 0 + 0) / 3, 4))


@pytest.mark.django_db
def test_doccano_entities_and_relations(project, tmp_path):
    start = TEXT.index("Critics")
    line = {"id": 3, "text": TEXT, "entities": [
        {"id": 1, "start_offset": 44, "end_offset": 64, "label": "Quote"},
        {"id": 2, "start_offset": 39, "end_offset": 43, "label": "Cue"},
        {"id": 3, "start_offset": start, "end_offset": start + 7, "label": "Source"}],
        "relations": [{"id": 1, "from_id": 3, "to_id": 2, "type": "says"}, {"id": 2, "from_id": 2, "to_id": 1,
                                                                           "type": "what"}]}  # fmt: skip
    path = tmp_path / "alice.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    call_command("import_annotations", str(path), "--format", "doccano", "--project", project.slug, "--create-members")
    [q] = AnnotationSet.objects.get(article__project=project, owner__username="alice").quotes.all()
    assert (q.start, q.end, q.cue_start) == (44, 64, 39)
    assert TEXT[q.speaker_start : q.speaker_end] == "Critics"  # Source -> Cue -> Quote: through the cue


@pytest.mark.django_db
def test_prodigy_reads_accepted_examples_only(project, tmp_path, capsys):
    span = {"start": 0, "end": 14, "label": "QUOTE"}
    cue = {"start": 25, "end": 29, "label": "CUE"}
    examples = [
        {"text": TEXT, "spans": [span, cue], "relations": [{"head": 0, "child": 5, "head_span": span,
         "child_span": cue, "label": "CUE_OF"}], "answer": "accept", "_session_id": "quotes-carl", "meta": {"id": "p1"}},
        {"text": TEXT + " More.", "spans": [span], "answer": "reject", "_session_id": "quotes-carl"},
    ]  # fmt: skip
    path = tmp_path / "db.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    call_command("import_annotations", str(path), "--format", "prodigy", "--project", project.slug, "--create-members")
    assert "1 example(s) not accepted, skipped" in capsys.readouterr().out
    [owned] = AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN)
    assert owned.owner.username == "quotes-carl"
    [q] = owned.quotes.all()
    assert (q.start, q.end, q.cue_start, q.cue_end) == (0, 14, 25, 29)


@pytest.mark.django_db
def test_show_labels_and_mapping_mistakes(project, tmp_path, capsys):
    folder = brat_folder(tmp_path, {"pn": (PN_TEXT, pn_ann())})
    call_command("import_annotations", str(folder), "--format", "brat", "--project", project.slug, "--show-labels")
    shown = json.loads(capsys.readouterr().out)
    assert shown["found"]["labels"] == {"Source": 1, "Cue": 1, "Content": 1, "Entity": 1}
    assert shown["mapping"]["quote"] == {"Content": None} and shown["mapping"]["speaker"] == ["Source"]
    bad = tmp_path / "mapping.json"
    bad.write_text(json.dumps({"quote": {"Content": "sideways"}, "cue": "Cue", "colour": 1}))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_annotations", str(folder), "--format", "brat", "--project", project.slug,
                     "--mapping", str(bad))  # fmt: skip
    message = str(excinfo.value)
    assert "unknown key 'colour'" in message and "'sideways'" in message and "'cue' must be a list" in message
    assert not Article.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_gold_needs_one_annotation_per_article(tmp_path):
    project = ProjectFactory(slug="g")
    with pytest.raises(CommandError, match="annotations of one article"):
        call_command("import_annotations", str(ls_export(tmp_path)), "--format", "labelstudio", "--as", "gold",
                     "--project", project.slug)  # fmt: skip


def _upload(client, project, path: Path, **fields):
    with path.open("rb") as f:
        return client.post(f"/api/projects/{project.slug}/annotation-imports/", {"file": f, **fields},
                           format="multipart")  # fmt: skip


@pytest.mark.django_db
def test_the_api_imports_a_label_studio_export_and_says_what_it_found(project, manager, annotator, tmp_path):
    from rest_framework.test import APIClient

    path = ls_export(tmp_path)
    api = APIClient()
    api.force_authenticate(manager)
    found = _upload(api, project, path, format="labelstudio", dry_run="true")
    assert found.status_code == 200, found.content
    assert found.json()["found"]["annotators"] == {"ana@news.org": 1, "12": 1, "(none)": 1}
    assert not Article.objects.filter(project=project).exists()
    mapping = json.dumps({"quote": ["Quote"], "cue": ["Cue"], "speaker": ["Speaker"]})
    answer = _upload(api, project, path, format="labelstudio", mode="annotators", mapping=mapping,
                     members=json.dumps({"12": "bea"}), create_members="true")  # fmt: skip
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["sets"] == {"ana@news.org": 1, "bea": 1, "machine": 1} and body["quotes_written"] == 3
    assert body["articles_created"] == 1
    bad = tmp_path / "bad.json"
    bad.write_text('[{"data": {"text": "Hi."}, "annotations": [{"result": [{"type": "labels", "value": '
                   '{"start": 0, "end": 9, "text": "Hi.", "labels": ["Quote"]}}]}]}]')  # fmt: skip
    refused = _upload(api, project, bad, format="labelstudio")
    assert refused.status_code == 400
    assert refused.json()["errors"] == ["bad.json, task 1, annotation 1, result 1: offsets 0-9 are outside the text"]
    api.force_authenticate(annotator)
    assert _upload(api, project, path, format="labelstudio").status_code == 403


@pytest.mark.django_db
def test_the_api_takes_brat_as_a_zip(project, manager, tmp_path):
    import zipfile

    from rest_framework.test import APIClient

    archive = tmp_path / "brat.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("docs/lopez.txt", TEXT)
        zf.writestr("docs/lopez.ann", article_to_ann({"id": "lopez", "text": TEXT, "quotes": QUOTES}))
    api = APIClient()
    api.force_authenticate(manager)
    answer = _upload(api, project, archive, format="brat", mode="gold")
    assert answer.status_code == 201, answer.content
    assert answer.json()["sets"] == {"gold": 1}
    assert Article.objects.get(project=project).status == ArticleStatus.GOLD


@pytest.mark.django_db
def test_the_page_checks_the_upload_then_imports_with_the_mapping_chosen(
    project, manager, annotator, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.ANNOTATOR_IMPORT_ROOT = tmp_path / "imports"
    page = Client()
    page.force_login(manager)
    url = f"/projects/{project.slug}/import/annotations/"
    assert "Check the file" in page.get(url).content.decode()
    upload = SimpleUploadedFile("ls.json", ls_export(tmp_path).read_bytes())
    shown = page.post(url, {"step": "check", "format": "labelstudio", "file": upload})
    html = shown.content.decode()
    assert shown.status_code == 200 and "Map the labels of ls.json" in html
    assert 'value="ana@news.org"' in html and 'value="12"' in html  # the members they become, to change
    import re

    rows = {label: field for field, label in re.findall(r'<label for="id_(role_\d+)">(\w+)</label>', html)}
    assert set(rows) == {"Quote", "Cue", "Speaker"}
    pending = list((tmp_path / "imports" / "pending").iterdir())
    assert len(pending) == 1
    fields = {"step": "import", "mode": "annotators", "member_0": "ana", "member_1": "bea", "kind_attribute": "",
              rows["Quote"]: "quote:direct", rows["Speaker"]: "speaker", rows["Cue"]: ""}  # fmt: skip
    refused = page.post(url, fields)
    assert refused.status_code == 400 and "no member of the project" in refused.content.decode()
    assert not Article.objects.filter(project=project).exists()
    done = page.post(url, {**fields, "create_members": "on"}, follow=True)
    assert "Imported 3 quote(s) from ls.json as annotators" in done.content.decode()
    article = Article.objects.get(project=project)
    ana = article.annotation_sets.get(owner__username="ana")
    [q] = ana.quotes.all()
    assert q.kind == "direct" and q.cue_start is None  # the cue label was kept as metadata
    assert any(u["label"] == "Cue" for u in article.metadata["unmapped"])
    assert not list((tmp_path / "imports" / "pending").iterdir())  # the upload is gone once imported
    page.force_login(annotator)
    assert page.get(url).status_code == 403


@pytest.mark.django_db
def test_the_page_lists_every_problem_of_a_refused_file(project, manager, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.ANNOTATOR_IMPORT_ROOT = tmp_path / "imports"
    page = Client()
    page.force_login(manager)
    upload = SimpleUploadedFile("d.jsonl", b'{"text": "Hi.", "label": [[0, 9, "Quote"]]}\n{oops\n')
    answer = page.post(f"/projects/{project.slug}/import/annotations/", {"format": "doccano", "file": upload})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "line 1, label 1: offsets 0-9 are outside the text" in html and "line 2: not valid JSON" in html
    assert not list((tmp_path / "imports" / "pending").iterdir())


@pytest.mark.django_db
def test_the_label_studio_release_format_comes_back_as_the_same_quotes(project, manager, tmp_path):
    from annotator.releases.formats.labelstudio import LabelStudioFormatter

    text = 'Fans 🎉 cheered. "We did it," the coach said, "and we will again."'
    s1, e1 = text.index('"We did it,"'), text.index('"We did it,"') + len('"We did it,"')
    s2 = text.index('"and we')
    quote = {"start": s1, "end": len(text) - 1, "fragments": [[s1, e1], [s2, len(text) - 1]], "kind": "direct",
             "cue_start": text.index("said"), "cue_end": text.index("said") + 4,
             "speaker_start": text.index("the coach"), "speaker_end": text.index("the coach") + 9}  # fmt: skip
    writer = LabelStudioFormatter(tmp_path)
    writer.add({"id": "coach", "text": text, "quotes": [quote]}, "train")
    [export, config] = writer.finish()
    assert config.name == "config.xml" and '<Relation value="continues"/>' in config.read_text()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"quote": ["Quote"], "cue": ["Cue"], "speaker": ["Speaker"],
                                   "kind_attribute": "kind"}))  # fmt: skip
    call_command("import_annotations", str(export), "--format", "labelstudio", "--as", "gold", "--mapping",
                 str(mapping), "--project", project.slug)  # fmt: skip
    article = Article.objects.get(project=project)
    [q] = article.annotation_sets.get(kind=SetKind.GOLD).quotes.all()
    assert q.fragments == quote["fragments"] and q.kind == "direct"
    assert (q.cue_start, q.speaker_start, q.speaker_end) == (quote["cue_start"], quote["speaker_start"],
                                                           quote["speaker_end"])  # fmt: skip


@pytest.mark.django_db
def test_a_brat_folder_becomes_the_work_of_the_annotator_named(project, annotator, tmp_path):
    folder = brat_folder(tmp_path, {"lopez": (TEXT, article_to_ann({"id": "lopez", "text": TEXT, "quotes": QUOTES}))})
    call_command("import_annotations", str(folder), "--format", "brat", "--project", project.slug,
                 "--annotator", annotator.username)  # fmt: skip
    owned = AnnotationSet.objects.get(article__project=project, kind=SetKind.HUMAN)
    assert owned.owner == annotator and owned.status == SetStatus.SUBMITTED and owned.quotes.count() == 2
    assert Article.objects.get(project=project).status == ArticleStatus.ANNOTATED


def tsv(rows: list[str]) -> str:
    """A WebAnno TSV 3.3 file as INCEpTION exports it: one span layer whose first feature is the role,
    a kind feature, and a relation layer on it."""
    head = [
        "#FORMAT=WebAnno TSV 3.3",
        "#T_SP=webanno.custom.Attribution|role|kind",
        "#T_RL=webanno.custom.Link|type|BT_webanno.custom.Attribution",
        "",
        "",
        '#Text="We win 🎉," Ana Lopez said.',
    ]
    return "\n".join(head + rows) + "\n"


# "We win 🎉," Ana Lopez said.  -- Java offsets: the emoji counts two, so everything after it is one more
TSV_ROWS = [
    '1-1\t0-1\t"\tQuote[1]\tdirect[1]\t_\t_\t',
    "1-2\t1-3\tWe\tQuote[1]\tdirect[1]\t_\t_\t",
    "1-3\t4-7\twin\tQuote[1]\tdirect[1]\t_\t_\t",
    "1-4\t8-10\t🎉\tQuote[1]\tdirect[1]\t_\t_\t",
    '1-5\t10-12\t,"\tQuote[1]\tdirect[1]\t_\t_\t',
    "1-6\t13-16\tAna\tSource[2]\t*[2]\tspeaker\t1-1[1_2]\t",
    "1-7\t17-22\tLopez\tSource[2]\t*[2]\tspeaker\t1-1[1_2]\t",
    "1-8\t23-27\tsaid\tCue\t*\tcue\t1-1[1_0]\t",
    "1-9\t27-28\t.\t_\t_\t_\t_\t",
]


@pytest.mark.django_db
def test_an_inception_project_export_in_webanno_tsv(project, tmp_path):
    import zipfile

    project.annotators_per_article = 2
    project.save()
    archive = tmp_path / "inception.zip"
    other = [r.replace("Source[2]", "_").replace("*[2]", "_").replace("speaker\t1-1[1_2]", "_\t_") for r in TSV_ROWS]
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("annotation/lopez.txt/anna.tsv", tsv(TSV_ROWS))
        zf.writestr("annotation/lopez.txt/ben.tsv", tsv(other))
        zf.writestr("annotation/lopez.txt/INITIAL_CAS.tsv", tsv([r.split("\t", 3)[0] + "\t" + r.split("\t")[1] + "\t"
                    + r.split("\t")[2] + "\t_\t_\t_\t_\t" for r in TSV_ROWS]))  # fmt: skip
    call_command("import_annotations", str(archive), "--format", "webanno", "--project", project.slug,
                 "--create-members")  # fmt: skip
    article = Article.objects.get(project=project)
    assert article.text == '"We win 🎉," Ana Lopez said.' and article.status == ArticleStatus.ANNOTATED
    sets = {s.owner.username: s for s in article.annotation_sets.filter(kind=SetKind.HUMAN)}
    assert set(sets) == {"anna", "ben"}
    [q] = sets["anna"].quotes.all()
    t = article.text
    assert t[q.start : q.end] == '"We win 🎉,"' and q.kind == "direct"
    assert t[q.cue_start : q.cue_end] == "said" and t[q.speaker_start : q.speaker_end] == "Ana Lopez"
    [b] = sets["ben"].quotes.all()
    assert b.speaker_start is None and t[b.cue_start : b.cue_end] == "said"


def test_a_webanno_row_with_the_wrong_number_of_columns_is_refused_with_its_line(tmp_path):
    from annotator.interchange.foreign import ForeignFormatError
    from annotator.interchange.foreign.webanno import read_webanno

    path = tmp_path / "doc.tsv"
    path.write_text(tsv([TSV_ROWS[0], "1-2\t1-3\tWe\tQuote[1]\t"]), encoding="utf-8")
    with pytest.raises(ForeignFormatError) as excinfo:
        read_webanno(path)
    assert excinfo.value.errors == ["doc.tsv, line 8: 4 columns, the header declares 7"]


@pytest.mark.django_db
def test_the_webanno_release_format_comes_back_as_the_same_quotes(project, tmp_path):
    from annotator.releases.formats.webanno import WebAnnoFormatter

    text = '  Fans 🎉 cheered.\n"We did it," the coach said, "and we will again."\nNo quote.'
    s1 = text.index('"We did it,"')
    s2 = text.index('"and we')
    end = text.index('again."') + len('again."')
    quotes = [
        {"start": s1, "end": end, "fragments": [[s1, s1 + 12], [s2, end]], "kind": "direct",
         "cue_start": text.index("said"), "cue_end": text.index("said") + 4,
         "speaker_start": text.index("the coach"), "speaker_end": text.index("the coach") + 9},
        {"start": text.index("cheered"), "end": text.index("cheered") + 7, "kind": "indirect",
         "speaker_start": text.index("Fans"), "speaker_end": text.index("Fans") + 4},
    ]  # fmt: skip
    writer = WebAnnoFormatter(tmp_path)
    writer.add({"id": "coach", "text": text, "quotes": quotes}, "train")
    [path] = list(writer.finish())
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"quote": ["Quote"], "cue": ["Cue"], "speaker": ["Speaker"], "kind_attribute": "kind",
                                   "links": ["cue", "speaker"]}))  # fmt: skip
    call_command("import_annotations", str(path), "--format", "webanno", "--as", "gold", "--mapping", str(mapping),
                 "--project", project.slug)  # fmt: skip
    article = Article.objects.get(project=project)
    assert article.text.strip() == text.strip()
    shift = len(article.text) - len(article.text.lstrip()) - (len(text) - len(text.lstrip()))
    got = sorted(article.annotation_sets.get(kind=SetKind.GOLD).quotes.all(), key=lambda q: q.start)
    t = article.text
    assert [t[q.start : q.end] for q in got] == ["cheered", text[s1:end]]
    assert got[0].kind == "indirect" and t[got[0].speaker_start : got[0].speaker_end] == "Fans"
    assert got[1].kind == "direct" and [t[a:b] for a, b in got[1].fragments] == ['"We did it,"', text[s2:end]]
    assert t[got[1].cue_start : got[1].cue_end] == "said" and shift == 0


@pytest.mark.django_db
def test_a_large_upload_is_imported_by_a_worker_with_the_job_reporting(
    project, manager, tmp_path, settings, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    settings.ANNOTATOR_IMPORT_SYNC_BYTES = 10
    settings.ANNOTATOR_IMPORT_ROOT = tmp_path / "imports"
    api = APIClient()
    api.force_authenticate(manager)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate test backend runs the task
        answer = _upload(api, project, ls_export(tmp_path), format="labelstudio", members=json.dumps({"12": "bea"}),
                         create_members="true")  # fmt: skip
    assert answer.status_code == 202, answer.content
    job = api.get(answer["Location"]).json()
    assert job["status"] == "done" and job["progress"] == 100
    assert job["report"]["sets"] == {"ana@news.org": 1, "bea": 1, "machine": 1}
    assert AnnotationSet.objects.filter(article__project=project, kind=SetKind.HUMAN).count() == 2
    assert not list((tmp_path / "imports").glob("job-*"))  # the kept file is gone
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Hi.", "label": [[0, 9, "Quote"]]}\n', encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        refused = _upload(api, project, bad, format="doccano")
    job = api.get(refused["Location"]).json()
    assert job["status"] == "failed" and "offsets 0-9 are outside the text" in job["error"]
    assert job["report"]["errors"] == ["bad.jsonl, line 1, label 1: offsets 0-9 are outside the text (3 characters)"]
    from django.test import Client

    page = Client()
    page.force_login(manager)
    html = page.get(f"/import-jobs/{job['id']}/").content.decode()
    assert "offsets 0-9 are outside the text" in html


def test_uploads_left_waiting_for_their_mapping_are_removed_after_a_day(tmp_path, settings):
    import os
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from annotator.imports.annotation_import import pending_upload_path, pending_upload_store

    settings.ANNOTATOR_IMPORT_ROOT = tmp_path
    old = pending_upload_store(SimpleUploadedFile("old.json", b"[]"))
    os.utime(old.parent, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    new = pending_upload_store(SimpleUploadedFile("new.json", b"[]"))
    assert not old.parent.exists() and pending_upload_path(new.parent.name) == new
    assert pending_upload_path("../../etc") is None


@pytest.mark.django_db
def test_what_the_database_cannot_store_is_refused_with_its_field(project, tmp_path):
    line = {"id": 1, "text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 14, "label": "Quo\u0000te"}],
            "desk": "me\u0000tro"}  # fmt: skip
    path = tmp_path / "alice.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_annotations", str(path), "--format", "doccano", "--project", project.slug,
                     "--create-members")  # fmt: skip
    message = str(excinfo.value)
    assert "metadata.unmapped[0].label contains a NUL character" in message
    assert "metadata.desk contains a NUL character" in message
    assert not Article.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_the_page_refuses_an_upload_over_the_limit(project, manager, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 10
    settings.ANNOTATOR_IMPORT_ROOT = tmp_path / "imports"
    page = Client()
    page.force_login(manager)
    upload = SimpleUploadedFile("big.json", b"[" + b" " * 20 + b"]")
    answer = page.post(f"/projects/{project.slug}/import/annotations/", {"format": "labelstudio", "file": upload})
    assert answer.status_code == 400 and "over the limit of 10" in answer.content.decode()
    assert not (tmp_path / "imports").exists()
