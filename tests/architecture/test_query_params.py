"""The API's query parameters have one owner: `annotator.core.query`.

A view that read `request.query_params` itself would skip the text check (a NUL there
was a 500 on PostgreSQL) and stay out of the schema, and so out of the hostile-input test
that walks every documented parameter (tests/core/test_hostile_inputs.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
OWNER = PACKAGE / "core" / "query.py"


def query_param_reads(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == OWNER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "query_params":
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def test_only_the_query_module_reads_query_params():
    assert query_param_reads(PACKAGE) == []


def test_a_view_reading_query_params_itself_is_found(tmp_path):
    app = tmp_path / "annotator" / "things"
    app.mkdir(parents=True)
    (app / "api.py").write_text("def get(self, request):\n    return request.query_params.get('q')\n")
    assert query_param_reads(tmp_path / "annotator") == ["annotator/things/api.py:2"]
