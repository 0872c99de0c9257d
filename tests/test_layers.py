"""The layering of the package, read from the imports of src/marsad (every import, inside functions too).

Data flows one way: readers, then extraction, then per-article analysis, then the
corpus and the store, then the interfaces. The rules below are the ones that hold
today; a new import that breaks one fails here with the file and line. The
interfaces (the API, the web pages and the command line) read the store through
its methods only: no SQL and no connection in them, read from their syntax trees.
"""

from __future__ import annotations

import ast
import re
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
    ("api", {"web", *CLI}, "the API depends on neither the web pages nor the command line"),
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
        "marsad.api.routes_desk": "marsad.web.pages",
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


# The interfaces: every module of the API and the web, and the command line.
INTERFACES = ("api", "web", *CLI)
# SQL as the store writes it: a statement's opening words.
SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"(CREATE|DROP)\s+(VIRTUAL\s+)?(TABLE|INDEX)|PRAGMA\s+\w+|BEGIN(\s+IMMEDIATE)?\b|COMMIT\b|ROLLBACK\b)",
                 re.DOTALL)
# What only a holder of a raw connection uses: its attribute on a Store, its methods, the
# functions that open one or run within it.
CONNECTION_ATTRIBUTES = {"db", "execute", "executemany", "executescript", "cursor", "create_function",
                         "set_progress_handler", "connect_readonly", "has_table", "time_budget"}
CONNECTION_NAMES = {"connect", "connect_readonly", "has_table", "time_budget", "Connection"}


def interface_modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if layer(module_name(path)) in INTERFACES]


def raw_store_access(path: Path, text: str | None = None) -> list[str]:
    """Each SQL string and each touch of a raw connection in ``path``, as ``file:line what``.

    ``sqlite3`` may be named for its ``Error`` only (a store that cannot be read is an
    error message, not a traceback).
    """
    source = path.read_text(encoding="utf-8") if text is None else text
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        what = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            what = f"SQL {node.value[:40]!r}"
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sqlite3"
              and node.attr != "Error"):
            what = f"sqlite3.{node.attr}"
        elif isinstance(node, ast.Attribute) and node.attr in CONNECTION_ATTRIBUTES:
            what = f"the connection's .{node.attr}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CONNECTION_NAMES:
            what = f"a call of {node.func.id}"
        elif isinstance(node, ast.ImportFrom) and any(alias.name in CONNECTION_NAMES for alias in node.names):
            what = "import of " + ", ".join(alias.name for alias in node.names if alias.name in CONNECTION_NAMES)
        if what:
            found.append(f"{path.relative_to(SRC.parent)}:{node.lineno} {what}")
    return found


def test_the_interfaces_hold_no_sql_and_no_connection() -> None:
    modules = interface_modules()
    names = {module_name(path) for path in modules}
    assert {"marsad.cli", "marsad.cli_desk", "marsad.api.deps", "marsad.web.pages", "marsad.web.app"} <= names
    assert [problem for path in modules for problem in raw_store_access(path)] == []


def test_sql_and_connections_in_an_interface_are_seen() -> None:
    probe = PACKAGE / "web" / "probe.py"
    text = (
        "import sqlite3\n"
        "from marsad.store.schema import connect_readonly, has_table\n"
        "def page(store):\n"
        "    rows = store.db.execute(\"SELECT id FROM articles WHERE id = ?\", (1,))\n"
        "    sql = f\"INSERT OR REPLACE INTO media(name) VALUES ({1})\"\n"
        "    time_budget = 5.0  # a setting named as the function is not a call of it\n"
        "    with sqlite3.connect(':memory:') as db:\n"
        "        db.executescript('BEGIN IMMEDIATE; DELETE FROM errors; COMMIT')\n"
        "    try:\n"
        "        return has_table(store, 'x')\n"
        "    except sqlite3.Error:\n"
        "        return 'a SELECTion of articles, updated from the store'\n"
    )
    found = sorted(line.split(" ", 1)[1] for line in raw_store_access(probe, text))
    assert found == sorted([
        "import of connect_readonly, has_table",
        "the connection's .execute",
        "SQL 'SELECT id FROM articles WHERE id = ?'",
        "the connection's .db",
        "SQL 'INSERT OR REPLACE INTO media(name) VALUE'",
        "sqlite3.connect",
        "the connection's .executescript",
        "SQL 'BEGIN IMMEDIATE; DELETE FROM errors; COM'",
        "a call of has_table",
    ]), found
