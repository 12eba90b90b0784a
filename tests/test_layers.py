"""The layer rules of the code, checked on the source of ``tui/`` (an import-graph check, as
harlequin's import hygiene test): no import cycle between modules, counting imports inside functions
and under ``if TYPE_CHECKING:`` (only ``tui/app/`` may type ``self.app`` that way, as Textual apps
do); no module over 900 lines; no module importing both spaCy and Textual.

Self-contained: the walk is here, and its own tests show it finds what it must.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[1] / "tui"
MAX_LINES = 900


def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` under ``root`` (a package ``x`` is ``x/__init__.py``)."""
    out = {}
    for p in sorted(root.rglob("*.py")):
        parts = p.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or \
        (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports_of(name: str, path: Path, app_package: str) -> list[str]:
    """Every module name ``name`` imports, at any depth of its source (functions and TYPE_CHECKING
    blocks included, except TYPE_CHECKING blocks inside ``app_package``). ``from a import b`` gives
    ``a`` and ``a.b`` (``b`` may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if name == app_package or name.startswith(app_package + "."):
        for node in ast.walk(tree):
            if _type_checking_block(node):
                skipped.update(id(sub) for sub in ast.walk(node))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out += [mod] + [f"{mod}.{a.name}" for a in node.names]
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of ``root`` it imports."""
    mods = module_files(root)
    app = f"{root.name}.app"
    return {m: {t for t in imports_of(m, p, app) if t in mods and t != m} for m, p in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def top_level_imports(root: Path) -> dict[str, set[str]]:
    """Module -> the top-level names of everything it imports (``spacy``, ``textual``, ``tui`` …)."""
    mods = module_files(root)
    app = f"{root.name}.app"
    return {m: {t.split(".")[0] for t in imports_of(m, p, app)} for m, p in mods.items()}


# -- the rules on tui/ ---------------------------------------------------------------------------


def test_no_import_cycles():
    assert cycles(import_graph(TUI)) == []


def test_no_module_over_900_lines():
    big = {str(p.relative_to(TUI.parent)): n for p in TUI.rglob("*.py")
           if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_LINES}
    assert big == {}


def test_no_module_imports_both_spacy_and_textual():
    mixed = [m for m, names in top_level_imports(TUI).items() if {"spacy", "textual"} <= names]
    assert mixed == []


# -- the walk itself ------------------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src, encoding="utf-8")
    return root


@pytest.mark.parametrize("b_source", [
    "def f():\n    from . import a\n",                                     # inside a function
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import X\n",  # for types only
    "import pkg.a\n",                                                       # absolute
])
def test_the_walk_finds_hidden_cycles(tmp_path, b_source):
    root = _tree(tmp_path, {"__init__.py": "", "a.py": "from .b import f\n", "b.py": b_source})
    assert cycles(import_graph(root)) == [["pkg.a", "pkg.b"]]


def test_the_walk_allows_typing_self_app_in_the_app_package(tmp_path):
    files = {"__init__.py": "", "app/__init__.py": "from .screen import Screen\n",
             "app/screen.py": "import typing\nif typing.TYPE_CHECKING:\n    from . import App\n"}
    assert cycles(import_graph(_tree(tmp_path, files))) == []
    files["model.py"] = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .app import App\n"
    files["app/__init__.py"] += "from ..model import M\n"
    assert cycles(import_graph(_tree(tmp_path, files))) == [["pkg.app", "pkg.model"]]


def test_the_walk_sees_spacy_and_textual_in_a_function(tmp_path):
    root = _tree(tmp_path, {"__init__.py": "", "m.py": "import spacy\n\ndef f():\n    from textual.app import App\n"})
    assert {"spacy", "textual"} <= top_level_imports(root)["pkg.m"]
