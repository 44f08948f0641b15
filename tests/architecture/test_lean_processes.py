"""Processes that do not propose never import spaCy (about 100 MB and a second to load).

The test session itself imports spaCy in other tests, so the check runs in a fresh
interpreter with the production settings on a scratch SQLite database: the web app
serving pages, `manage.py check`, `import_articles`, `export_dataset` in the formats that
need no tokenizer (spaCy's DocBin and the CoNLL tokens need spaCy itself, not a model),
and a `db_worker` running a background import.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import io, json, sys
import django
django.setup()
from django.core.management import call_command

def lean(step):
    heavy = [m for m in ("spacy", "thinc") if m in sys.modules]
    print(step, "imports", heavy or "nothing heavy")
    assert not heavy, f"{step} imported {heavy}"

call_command("migrate", verbosity=0)
call_command("check")
lean("manage.py check")

from annotator.accounts.models import Role
from annotator.accounts.services import membership_set, project_create
from django.contrib.auth import get_user_model

project = project_create(name="Lean", slug="lean")
user = get_user_model().objects.create_user(username="lean", password="pw")
membership_set(project=project, user=user, role=Role.MANAGER)
path = sys.argv[1] + "/a.jsonl"
text = 'The mayor said: "We are ready."'
with open(path, "w") as f:
    f.write(json.dumps({"text": text, "quotes": [{"start": 16, "end": 31, "kind": "direct"}]}) + "\n")
call_command("import_articles", path, "--project", "lean", "--no-progress", "--no-propose")
lean("import_articles")

for fmt in ("jsonl", "csv", "brat"):
    call_command("export_dataset", "--project", "lean", "--format", fmt, "--source", "imported",
                 "-o", f"{sys.argv[1]}/{fmt}.zip", "--no-progress")
lean("export_dataset (jsonl, csv, brat)")

from django.test import Client
client = Client()
client.force_login(user)
for url in ("/projects/lean/", "/projects/lean/import/", "/api/projects/lean/articles/", "/projects/lean/releases/"):
    assert client.get(url).status_code == 200, url
lean("the web app")

from django.core.files.uploadedfile import SimpleUploadedFile
from annotator.imports.jobs import import_job_create
from annotator.imports.models import ImportJob
job = import_job_create(project=project, files=[SimpleUploadedFile("b.txt", b"Another article.")], user=user)
call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
assert ImportJob.objects.get(pk=job.pk).status == "done"
lean("db_worker running an import")
"""


def test_processes_that_do_not_propose_never_import_spacy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lean.sqlite3'}",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ANNOTATOR_PROPOSE_ON_IMPORT": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("nothing heavy") == 5
