"""The code a module runs: its file and those of every siaran module it imports, found by
reading the imports, for fingerprints that change with that code and nothing else (the page
cache's per page object, the corpus manifest's)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "siaran"
# The folder holding siaran's parts: spiders/ is siaran.spiders, analysis/ siaran.analysis.
ROOT = Path(__file__).resolve().parents[1]
REGISTRY = "sources.yaml"  # stands for every source: a page fingerprint hashes its own entry


def _module_file(name: str, root: Path) -> Path | None:
    parts = name.split(".")[1:]
    package = root.joinpath(*parts, "__init__.py")
    module = root.joinpath(*parts[:-1], f"{parts[-1]}.py") if parts else package
    return next((path for path in (package, module) if path.is_file()), None)


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The siaran modules a file imports (a name imported from a package may be a module), and
    the top-level names of the other packages it imports."""
    ours, others = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                ours.add(name)
            else:
                others.add(name.split(".")[0])
    return ours, others


def code_closure(modules: tuple[str, ...], root: Path = ROOT) -> tuple[list[Path], set[str]]:
    """The files of ``modules`` and of every siaran module they import, with the data files of
    their folders (the registry aside); and the other packages they import."""
    files, others, todo = set(), set(), list(modules)
    while todo:
        path = _module_file(todo.pop(), root)
        if path is None or path in files:
            continue
        files.add(path)
        ours, theirs = _imports(path)
        todo += sorted(ours)
        others |= theirs
    data = {
        path
        for folder in {path.parent for path in files}
        for path in folder.iterdir()
        if path.is_file() and path.suffix not in (".py", ".pyc") and path.name != REGISTRY
    }
    return sorted(files | data), others
