"""Production static files: the editor's hashed entry module imports hashed modules."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_rewrites_module_imports_to_hashed_names(tmp_path, settings):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "annotator.core.storage.StaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    [entry] = [
        p
        for p in (tmp_path / "annotations" / "js").glob("editor.*.js")
        if re.fullmatch(r"editor\.[0-9a-f]{12}\.js", p.name)
    ]
    imports = re.findall(r'from "(\./[^"]+)"', entry.read_text(encoding="utf-8"))
    assert imports, "the entry module imports its parts"
    for target in imports:
        assert re.search(r"\.[0-9a-f]{12}\.js$", target), target
        assert (entry.parent / target).is_file()


def test_collectstatic_rewrites_the_curation_pages_imports_of_the_editors_modules(tmp_path, settings):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "annotator.core.storage.StaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    [entry] = [
        p
        for p in (tmp_path / "review" / "js").glob("curation.*.js")
        if re.fullmatch(r"curation\.[0-9a-f]{12}\.js", p.name)
    ]
    imports = re.findall(r'from "(\.\.?/[^"]+)"', entry.read_text(encoding="utf-8"))
    shared = [target for target in imports if target.startswith("../../annotations/js/editor/")]
    assert shared, "the curation page imports the editor's modules"
    for target in imports:
        assert re.search(r"\.[0-9a-f]{12}\.js$", target), target
        assert (entry.parent / target).resolve().is_file()
