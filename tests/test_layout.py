"""The layout keeps its promises: one import package, rooms that do not import what they must
not, DVC stages that depend on what they import, public Scrapy APIs only."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

# Import package -> folder (pyproject's package-dir); tests/ is importable from the checkout.
FOLDERS = {
    "siaran.spiders": ROOT / "spiders",
    "siaran.analysis": ROOT / "analysis",
    "tests": ROOT / "tests",
}
PRODUCTION = ("siaran.spiders", "siaran.analysis")
# Rooms that run on stored responses, without Scrapy or Twisted.
SCRAPY_FREE = ("siaran.spiders.pages", "siaran.spiders.parse", "siaran.spiders.archive")


def module_name(path: Path) -> str:
    for package, folder in FOLDERS.items():
        if path.is_relative_to(folder):
            parts = path.relative_to(folder).with_suffix("").parts
            return ".".join([package, *(p for p in parts if p != "__init__")])
    raise ValueError(path)


def module_path(name: str) -> Path | None:
    """The file of a project module, or None for a third-party one."""
    for package, folder in FOLDERS.items():
        if name == package or name.startswith(f"{package}."):
            base = folder.joinpath(*name.removeprefix(package).strip(".").split("."))
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    return candidate
    return None


def modules(package: str) -> list[str]:
    folder = module_path(package).parent
    return sorted(module_name(p) for p in folder.rglob("*.py") if "golden" not in p.parts)


def imported(path: Path) -> set[str]:
    """Modules a file imports, function-level imports included; for ``from X import Y`` both
    X and X.Y, since Y may be a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def closure(entries: list[str]) -> set[Path]:
    """The project files that ``entries`` import, directly or not."""
    seen: set[Path] = set()
    todo = [module_path(name) for name in entries]
    while todo:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        todo += [module_path(name) for name in imported(path)]
    return seen


def test_pyproject_lists_every_package_folder():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {package: ROOT / folder for package, folder in config["package-dir"].items()} == {
        package: FOLDERS[package] for package in PRODUCTION
    }
    found = {
        module_name(init.parent / "__init__.py")
        for package in PRODUCTION
        for init in module_path(package).parent.rglob("__init__.py")
    }
    assert set(config["packages"]) == found


def test_rooms_that_read_stored_responses_import_no_scrapy():
    for package in SCRAPY_FREE:
        for name in modules(package):
            third_party = {n.split(".")[0] for n in imported(module_path(name))}
            assert not third_party & {"scrapy", "twisted"}, name
    # What they import at run time, transitively, too.
    names = [name for package in SCRAPY_FREE for name in modules(package)]
    code = (
        f"import importlib, sys\nfor name in {names!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_production_code_never_imports_the_replica():
    for package in PRODUCTION:
        for name in modules(package):
            assert not {n for n in imported(module_path(name)) if n.startswith("tests")}, name
    names = [name for package in PRODUCTION for name in modules(package)]
    code = (
        f"import importlib, sys\nfor name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'tests' or m.startswith('tests.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# What each stage runs: its module, and what it loads by name (Scrapy components, page objects).
# The siaran command itself only parses arguments and is no stage's dependency.
STAGE_ENTRIES = {
    "replica": ["tests.replica.__main__", "tests.replica.build"],
    "crawl": modules("siaran.spiders.crawl"),
    "extract": ["siaran.spiders.extract", *modules("siaran.spiders.pages")],
    "accuracy": ["siaran.spiders.accuracy"],
    "corpus": ["siaran.analysis.corpus"],
    "enrich": ["siaran.analysis.enrich"],
    "stats": ["siaran.analysis.stats"],
    "report": ["siaran.analysis.report"],
}


@pytest.mark.parametrize("stage", STAGE_ENTRIES)
def test_dvc_stage_depends_on_what_it_imports(stage):
    deps = [
        ROOT / dep
        for dep in yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"][stage]["deps"]
    ]
    uncovered = [
        str(path.relative_to(ROOT))
        for path in closure(STAGE_ENTRIES[stage])
        if not any(path == dep or path.is_relative_to(dep) for dep in deps)
        # A package's __init__ holding only its docstring changes no output.
        and not (path.name == "__init__.py" and is_docstring_only(path))
    ]
    assert not uncovered, f"dvc.yaml stage {stage} misses {uncovered}"


def is_docstring_only(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def test_a_page_object_is_no_dependency_of_the_crawl():
    deps = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]["crawl"]["deps"]
    assert not [dep for dep in deps if dep.startswith("spiders/pages")]
    assert not [p for p in closure(STAGE_ENTRIES["crawl"]) if "pages" in p.parts]


def test_only_public_scrapy_apis():
    for package in PRODUCTION:
        for name in modules(package):
            private = [
                n
                for n in imported(module_path(name))
                if n.startswith("scrapy") and re.search(r"\._", n)
            ]
            assert not private, f"{name} imports {private}"
    # No override of a private method of a Scrapy class.
    for name in modules("siaran.spiders.crawl"):
        for _, cls in inspect.getmembers(import_module(name), inspect.isclass):
            if cls.__module__ != name:
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("scrapy")]
            for attribute, value in vars(cls).items():
                if inspect.isfunction(value) and re.match(r"_[^_]", attribute):
                    assert not [b for b in bases if attribute in vars(b)], f"{cls}.{attribute}"


SKIP = "# fmt: " + "skip"  # spelt apart, or this file would hold one


def test_formatter_is_switched_off_only_for_tables_with_a_reason():
    for path in [
        *ROOT.joinpath("spiders").rglob("*.py"),
        *ROOT.joinpath("analysis").rglob("*.py"),
        *ROOT.joinpath("tests").rglob("*.py"),
    ]:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert not [n for n, line in enumerate(lines, 1) if SKIP in line], path
        for number, line in enumerate(lines):
            if line.strip() == "# fmt: off":
                assert lines[number - 1].lstrip().startswith("#"), f"{path}:{number + 1}"


def test_readme_maps_every_package_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    for folder in FOLDERS.values():
        for init in folder.rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT).as_posix() + "/"
            assert re.search(rf"(^|\s){re.escape(init.parent.name)}/", layout), relative
