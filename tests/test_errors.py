"""The error catalogue: every code written is catalogued, and the README lists exactly the catalogue."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from marsad import errors
from marsad.errors import ABSTRACT, CATALOGUE, CODES, DOCUMENT, NOTE, REQUEST, RUN, MarsadError
from marsad.extract import extract
from marsad.record import Source
from marsad.sources.raw import RawDocument

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "marsad"

# Calls that write a code, and the position of the code among their arguments.
WRITERS = {"ErrorNote": 1, "FailedDocument": 2, "_failed": 1, "add_error": 4}


def error_table():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("error_table", ROOT / "scripts/error_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subclasses(cls: type[MarsadError]) -> list[type[MarsadError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *subclasses(sub)]
    return found


def bare_codes(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals written where a code goes: a writer's code argument, ``code=``, ``"code": ...``, ``.code == ...``."""
    found = []
    for node in ast.walk(tree):
        candidates: list[ast.expr] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in WRITERS and len(node.args) > WRITERS[name]:
                candidates.append(node.args[WRITERS[name]])
            candidates += [kw.value for kw in node.keywords if kw.arg == "code"]
        elif isinstance(node, ast.Dict):
            candidates += [v for k, v in zip(node.keys, node.values, strict=True)
                           if isinstance(k, ast.Constant) and k.value == "code"]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "code" for side in sides):
                candidates += sides
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(isinstance(t, ast.Name) and t.id == "code" for t in targets):
                candidates.append(node.value)
        found += [(c.lineno, c.value) for c in candidates if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return found


def test_codes_are_unique_and_described() -> None:
    assert len(CODES) == len(CATALOGUE)
    for entry in CATALOGUE:
        assert entry.code and entry.code == entry.code.lower() and " " not in entry.code
        assert entry.kind in (DOCUMENT, NOTE, REQUEST, RUN)
        assert entry.meaning.endswith(".") and "\n" not in entry.meaning
        assert entry.goes_on == (entry.kind != RUN)


def test_every_error_class_is_catalogued_with_its_kind() -> None:
    classes = [cls for cls in subclasses(MarsadError) if cls not in ABSTRACT]
    assert classes, "no coded errors found"
    for cls in classes:
        assert cls.code in CODES, f"{cls.__name__}.code {cls.code!r} is not in errors.CATALOGUE"
        assert CODES[cls.code].kind == cls.kind, cls.__name__
    # No abstract class's code stands for an error of its own.
    assert not {cls.code for cls in ABSTRACT} & set(CODES)


def test_every_code_constant_is_catalogued() -> None:
    constants = {name: value for name, value in vars(errors).items()
                 if name.isupper() and isinstance(value, str) and name not in ("DOCUMENT", "NOTE", "REQUEST", "RUN")}
    assert {"EXTRACT_FAILED", "WORKER_DIED", "STAGE_FAILED", "BAD_DATE"} <= set(constants)
    assert set(constants.values()) <= set(CODES)


def test_no_code_is_written_as_a_bare_string() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        found += [f"{path.relative_to(ROOT)}:{line}: {value!r}" for line, value in bare_codes(ast.parse(path.read_text()))]
    assert not found, "codes written as bare strings (use a constant of marsad.errors):\n" + "\n".join(found)


def test_the_scan_finds_bare_codes() -> None:
    sample = ast.parse(
        'ErrorNote("x", "oops", "m")\n_failed(source, "gone", "m")\nraise_it(code="late")\n'
        'reply = {"code": "nope"}\nif failed.code == "cut": pass\ncode = "mine"\n'
        'ErrorNote("x", BAD_DATE, "m")\nok = {"code": Truncated.code}\n'
    )
    assert [value for _, value in sorted(bare_codes(sample))] == ["oops", "gone", "late", "nope", "cut", "mine"]


def test_every_catalogued_code_is_written_somewhere() -> None:
    """A code in the catalogue that no module raises or writes is dead and must go."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name)
    by_code = {cls.code: cls.__name__ for cls in subclasses(MarsadError) if cls not in ABSTRACT}
    by_code |= {value: name for name, value in vars(errors).items() if name.isupper() and isinstance(value, str) and value in CODES}
    unused = [entry.code for entry in CATALOGUE if by_code.get(entry.code) not in names]
    assert not unused, f"catalogued but never written: {unused}"


def test_notes_written_by_extraction_are_catalogued() -> None:
    body = "عنوان الخبر\n\nنص الخبر \x00 هنا في سطر طويل بما يكفي، وفيه بايت لا يفك: ".encode() + b"\xff\n"
    raw = RawDocument(body, "text", Source("note.txt"), body, meta={"published": "not a date"})
    codes = [note.code for note in extract(raw).errors]
    assert set(codes) == {errors.REPLACED_BYTES, errors.INVALID_TEXT, errors.BAD_DATE}
    assert all(CODES[code].kind == NOTE for code in codes)


def test_readme_lists_exactly_the_catalogue() -> None:
    script = error_table()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.in_readme(readme) == script.block(), "README's error table is stale: python scripts/error_table.py --write"
    listed = [line.split("`")[1] for line in script.table().splitlines()[2:]]
    assert listed == [entry.code for entry in CATALOGUE]
