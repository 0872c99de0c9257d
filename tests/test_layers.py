"""The layering of the package, read from the imports of src/marsad (every import, inside functions too).

Data flows one way: readers, then extraction, then per-article analysis, then the
corpus and the store, then the interfaces. The rules below are the ones that hold
today; a new import that breaks one fails here with the file and line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "marsad"
# The command line: the typer app, the commands it registers from cli_desk, and ``python -m marsad``.
CLI = {"cli", "cli_desk", "__main__"}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    importer: str  # dotted module name, e.g. marsad.store.sqlite
    imported: str  # dotted name as imported, e.g. marsad.record


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, text: str | None = None, importer: str | None = None) -> list[Import]:
    """Every ``import`` and ``from ... import`` in ``path``, relative ones resolved.

    ``text`` and ``importer`` stand in for the file's content and module name (to
    read a module that is not in the package).
    """
    importer = importer or module_name(path)
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    source = path.read_text(encoding="utf-8") if text is None else text
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, importer, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                module = ".".join(parts[: len(parts) - (node.level - 1)] + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from marsad import cli`` imports the module marsad.cli: name each imported member.
            found += [Import(path, node.lineno, importer, f"{module}.{alias.name}") for alias in node.names]
    return found


def layer(dotted: str) -> str | None:
    """The top-level part of marsad a dotted name belongs to (``store``, ``record``, ``cli``...)."""
    parts = dotted.split(".")
    if parts[0] != "marsad":
        return None
    return parts[1] if len(parts) > 1 else ""


# (importing layer, layers it must not import, why)
RULES: list[tuple[str, set[str], str]] = [
    ("sources", {"extract", "analyse", "corpus", "store", "api", "web", *CLI}, "readers come first"),
    ("analyse", {"corpus", "store", "api", "web", *CLI}, "a stage never reaches the store or an interface"),
    ("store", {"api", "web", *CLI}, "the store serves the interfaces, not the other way"),
    ("api", set(CLI), "the API does not depend on the command line"),
    ("web", set(CLI), "the web pages do not depend on the command line"),
]


def violations(found: list[Import]) -> list[str]:
    """Each import that breaks a rule, as ``file:line importer -> imported (rule)``."""
    broken = []
    for imp in found:
        source, target = layer(imp.importer), layer(imp.imported)
        if target is None or source == target:
            continue
        where = f"{imp.path.relative_to(SRC.parent)}:{imp.line} {imp.importer} -> {imp.imported}"
        if source == "record":
            broken.append(f"{where} (record.py imports nothing of marsad)")
        for importer, forbidden, why in RULES:
            if source == importer and target in forbidden:
                broken.append(f"{where} ({why})")
        if target in CLI and source not in CLI:
            broken.append(f"{where} (no module imports the command line)")
    return broken


def all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in imports_of(path)]


def test_the_layering_of_the_design_holds() -> None:
    assert violations(all_imports()) == []


def test_the_reader_of_imports_sees_what_the_rules_need() -> None:
    found = all_imports()
    by_importer = {(imp.importer, imp.imported) for imp in found}
    assert any(layer(imp.importer) == "store" and layer(imp.imported) == "record" for imp in found)
    assert ("marsad.library", "marsad.analyse.dates.DateStage") in by_importer  # inside default_stages()
    assert ("marsad.cli_desk", "marsad.cli.app") in by_importer
    assert ("marsad.cli", "marsad.cli_desk") in by_importer
    assert len({imp.importer for imp in found}) >= 80


def test_each_rule_refuses_a_breaking_import() -> None:
    here = PACKAGE / "x.py"
    cases = {
        "marsad.record": "marsad.text.normalize",
        "marsad.sources.files": "marsad.extract.html",
        "marsad.analyse.dates": "marsad.store.sqlite",
        "marsad.store.search": "marsad.web.pages",
        "marsad.api.app": "marsad.cli.app",
        "marsad.web.pages": "marsad.cli",
        "marsad.corpus.stories": "marsad.cli_desk",
    }
    for importer, imported in cases.items():
        assert violations([Import(here, 1, importer, imported)]), (importer, imported)
    allowed = {"marsad.store.sqlite": "marsad.analyse.linking", "marsad.cli": "marsad.store", "marsad.web.pages": "marsad.api"}
    for importer, imported in allowed.items():
        assert violations([Import(here, 1, importer, imported)]) == [], (importer, imported)


def test_relative_and_function_level_imports_are_read() -> None:
    probe = PACKAGE / "store" / "probe.py"
    text = "from ..cli import app\nfrom . import sqlite\n\n\ndef later():\n    import marsad.web.pages\n"
    found = imports_of(probe, text, "marsad.store.probe")
    assert [(imp.line, imp.imported) for imp in found] == [
        (1, "marsad.cli.app"),
        (2, "marsad.store.sqlite"),
        (6, "marsad.web.pages"),
    ]
    assert len(violations(found)) == 3  # the store reaches the command line (two rules) and the web
