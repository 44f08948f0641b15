"""Dependencies point down: each app imports only from the layers below it.

The layers are listed in `docs/architecture.md`; this test is what keeps that page true.
It reads every module's imports with `ast` (module level and inside functions alike),
so an import that points up fails here whatever way it is written.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "annotator"

# Lowest first. An app may import its own modules and those of any app listed before it.
LAYERS = ["interchange", "core", "accounts", "corpus", "annotations", "proposer", "review", "imports", "releases"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}
# The project's own wiring sits above every app: settings, the URL confs, WSGI/ASGI.
TOP_MODULES = {"settings", "urls", "api_urls", "wsgi", "asgi"}
# Code that must stay plain Python: no Django, and no app above `interchange`.
PURE = [
    "annotator/interchange",
    "annotator/proposer/engine",
    "annotator/proposer/version.py",
    "annotator/releases/builder.py",
    "annotator/releases/formats",
]


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    target: str  # the imported module, absolute
    local: bool  # inside a function


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path = ROOT) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(n) for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    found = []
    rel = path.relative_to(root).as_posix()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                targets = [".".join([*base, node.module] if node.module else base)]
            else:
                targets = [node.module or ""]
        else:
            continue
        found += [Import(rel, node.lineno, target, id(node) in in_function) for target in targets]
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "annotator" else None


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert apps == set(LAYERS), "add the new app to LAYERS (and to docs/architecture.md)"
    assert modules <= TOP_MODULES


def upward_imports(root: Path) -> list[str]:
    """Every import under `root/annotator` that points to a higher layer (or the wiring)."""
    upward = []
    for path in sorted((root / "annotator").rglob("*.py")):
        source = _app_of(_module_name(path, root))
        for imp in _imports(path, root):
            target = _app_of(imp.target)
            if source in TOP_MODULES or target is None or target == source:
                continue
            if target in TOP_MODULES:
                upward.append(f"{imp.path}:{imp.line} imports {imp.target} (the project's wiring)")
            elif RANK[target] > RANK[source]:
                upward.append(f"{imp.path}:{imp.line} imports {imp.target} ({source} is below {target})")
    return upward


def test_imports_point_down():
    assert upward_imports(ROOT) == []


def test_an_upward_import_is_found(tmp_path):
    """The walk sees imports inside functions and relative ones too, so the check can fail."""
    corpus = tmp_path / "annotator" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "__init__.py").write_text("")
    (corpus / "bad.py").write_text("def f():\n    from annotator.review.services import gold_adopt\n")
    (corpus / "worse.py").write_text("from ..releases import builder\n")
    assert upward_imports(tmp_path) == [
        "annotator/corpus/bad.py:2 imports annotator.review.services (corpus is below review)",
        "annotator/corpus/worse.py:1 imports annotator.releases (corpus is below releases)",
    ]


PURE_MODULES = tuple(place.removesuffix(".py").replace("/", ".") for place in PURE)


@pytest.mark.parametrize("place", PURE)
def test_pure_code_imports_neither_django_nor_the_apps(place):
    """Pure code may import the standard library, spaCy, the interchange format and other pure code."""
    paths = [ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py"))
    assert paths
    bad = [
        f"{imp.path}:{imp.line} imports {imp.target}"
        for path in paths
        for imp in _imports(path)
        if imp.target.split(".")[0] in {"django", "rest_framework"}
        or (_app_of(imp.target) not in (None, "interchange") and not imp.target.startswith(PURE_MODULES))
    ]
    assert bad == []


def test_function_local_imports_say_why():
    """An import inside a function dodges nothing silently: a comment beside it says why."""
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for imp in _imports(path):
            if not imp.local:
                continue
            nearby = lines[max(0, imp.line - 4) : imp.line]
            if not any("#" in line for line in nearby):
                silent.append(f"{imp.path}:{imp.line} imports {imp.target} inside a function without a comment")
    assert silent == []
