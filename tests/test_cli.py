"""The command line, end to end, through typer's runner."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import EXAMPLES
from marsad.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def mixed(tmp_path: Path, republished: Path) -> Path:
    """A folder with good documents in several formats and broken ones."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(republished, folder / "good.txt")
    (folder / "cp1256.txt").write_bytes(republished.read_text(encoding="utf-8").encode("cp1256"))
    (folder / "feed.jsonl").write_text(
        json.dumps({"title": "خبر من حلب", "text": "عاد الهدوء إلى مدينة حلب بعد يومين من الاشتباكات.", "url": "https://x.example/1"}, ensure_ascii=False)
        + "\n{broken\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "cut.txt.gz").write_bytes(gzip.compress(republished.read_bytes() * 20)[:300])
    return folder


def readme_usage() -> set[str]:
    """The commands README.md's "Using it" section shows (``marsad <command>`` at the start of a line)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Using it\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^marsad ([a-z][a-z-]*)", section, flags=re.M))


def test_every_registered_command_is_documented():
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"process", "ingest", "serve", "sources"} <= registered  # the app and cli_desk both register
    assert registered - readme_usage() == set(), "commands missing from README.md's usage"
    assert readme_usage() <= registered, "README.md's usage shows a command that does not exist"
    result = invoke("--help")
    assert result.exit_code == 0
    for command in sorted(registered):
        assert command in result.output
        assert invoke(command, "--help").exit_code == 0, command


def test_process_prints_one_json_record_per_document(republished):
    result = invoke("process", str(republished))
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    record = json.loads(lines[0])
    assert record["outlet"] == "وكالة أنباء المشرق"
    assert "\\u" not in lines[0]  # Arabic is written as it is


def test_ingest_mixed_folder_names_each_broken_file_then_adds_nothing(mixed, db_path):
    first = invoke("ingest", str(mixed), "--db", db_path)
    assert first.exit_code == 1, first.output
    for name, code in (("empty.txt", "empty"), ("image.png", "binary"), ("cut.txt.gz", "truncated"), ("feed.jsonl#2", "bad_json")):
        assert re.search(rf"{code}\s+\S*{re.escape(name)}", first.stderr), (name, first.stderr)
    assert "3 articles stored" in first.stderr
    second = invoke("ingest", str(mixed), "--db", db_path)
    assert "0 articles stored" in second.stderr
    assert second.exit_code == 0
    for query in ("جابر", "وبجابر", "حلب"):
        assert invoke("search", query, "--db", db_path, "--json").stdout.strip(), query


def test_search_show_and_export(mixed, db_path, tmp_path):
    invoke("ingest", str(mixed), "--db", db_path)
    hits = [json.loads(line) for line in invoke("search", "معبر", "--db", db_path, "--json").stdout.splitlines()]
    assert hits and hits[0]["title"].startswith("مسؤول أردني")
    shown = json.loads(invoke("show", hits[0]["id"], "--db", db_path).stdout)
    assert shown["id"] == hits[0]["id"] and shown["related"]
    exported = [json.loads(line) for line in invoke("export", "--db", db_path).stdout.splitlines()]
    assert len(exported) == 3 and all("text" in record and "boilerplate" in record for record in exported)
    csv_file = tmp_path / "out.csv"
    assert invoke("export", "--db", db_path, "--format", "csv", "-o", str(csv_file)).exit_code == 0
    assert csv_file.read_text(encoding="utf-8").splitlines()[0].startswith("id,title,site,outlet")
    errors = invoke("errors", "--db", db_path, "--json").stdout.splitlines()
    assert {json.loads(line)["code"] for line in errors} >= {"empty", "binary", "truncated", "bad_json"}


def test_usage_errors_exit_2(tmp_path, db_path):
    assert invoke("search", "ادلب", "--db", str(tmp_path / "none.db")).exit_code == 2
    assert invoke("export", "--db", db_path, "--format", "xml").exit_code == 2
    assert invoke("process", str(tmp_path / "missing.txt")).exit_code == 2
    assert invoke("ingest").exit_code == 2


def test_nothing_readable_exits_2(tmp_path, db_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert invoke("ingest", str(tmp_path / "empty.txt"), "--db", db_path).exit_code == 2


def test_workers_give_the_same_records(mixed):
    one = invoke("process", str(mixed))
    two = invoke("process", str(mixed), "--workers", "2")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_statements_command_filters(tmp_path, db_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "وفد أردني في دمشق\n\nكشف مسؤول أردني رفيع المستوى لصحيفة الدستور أن المحادثات ستستأنف الأسبوع المقبل.\n\n"
        "وقال وزير الخارجية أيمن الصفدي إن الأردن يدعم الحل السياسي.\n",
        encoding="utf-8",
    )
    assert invoke("ingest", str(page), "--db", db_path).exit_code == 0
    anonymous = [json.loads(line) for line in invoke("statements", "--db", db_path, "--anonymous", "--json").stdout.splitlines()]
    assert len(anonymous) == 1 and anonymous[0]["cue"] == "كشف" and "الدستور" in anonymous[0]["via_text"]
    named = invoke("statements", "--db", db_path, "--named").stdout
    assert "الصفدي" in named and "كشف" not in named
    assert invoke("statements", "--db", db_path, "--via", "الدستور", "--json").stdout.count("\n") == 1


def test_tag_conll_prints_a_tag_per_token(tmp_path):
    conll = tmp_path / "tokens.txt"
    conll.write_text("التقى\nالرئيس\nفلاديمير\nبوتين\nفي\nموسكو\n\nوصل\nأردوغان\n", encoding="utf-8")
    result = invoke("tag", "--conll", str(conll))
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    rows = [line.split("\t") for line in lines if line]
    assert [token for token, _ in rows] == ["التقى", "الرئيس", "فلاديمير", "بوتين", "في", "موسكو", "وصل", "أردوغان"]
    tags = dict(rows)
    assert tags["فلاديمير"] == "B-PER" and tags["بوتين"] == "I-PER" and tags["موسكو"] == "B-LOC"
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for _, tag in rows)
    assert lines[6] == ""  # the sentence break is kept


def test_entities_and_search_by_entity(tmp_path, db_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "أردوغان يلتقي بوتين\n\nالتقى الرئيس التركي رجب طيب أردوغان نظيره الروسي فلاديمير بوتين في سوتشي، "
        "وقال أردوغان إن المحادثات كانت مثمرة.\n",
        encoding="utf-8",
    )
    other = tmp_path / "q.txt"
    other.write_text("خبر آخر\n\nافتتح وزير الصحة المصري مستشفى جديداً في القاهرة يوم الأحد.\n", encoding="utf-8")
    assert invoke("ingest", str(page), str(other), "--db", db_path).exit_code == 0
    people = [json.loads(line) for line in invoke("entities", "--db", db_path, "--type", "PER", "--json").stdout.splitlines()]
    assert {"Q39259", "Q7747"} <= {p["id"] for p in people}
    for spelling in ("Erdogan", "أردوغان", "وأردوغان", "Q39259"):
        hits = [json.loads(line) for line in invoke("search", "", "--entity", spelling, "--db", db_path, "--json").stdout.splitlines()]
        assert [h["title"] for h in hits] == ["أردوغان يلتقي بوتين"], spelling
    assert invoke("search", "مستشفى", "--entity", "Erdogan", "--db", db_path, "--json").stdout == ""
    assert invoke("entities", "--db", db_path, "--type", "XYZ").exit_code == 2


def test_ingest_never_reads_its_own_store(tmp_path, republished):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(republished, folder / "a.txt")
    db = str(folder / "marsad.db")
    assert invoke("ingest", str(folder), "--db", db).exit_code == 0
    again = invoke("ingest", str(folder), "--db", db)
    assert again.exit_code == 0, again.stderr
    assert "failed by code" not in again.stderr


def test_unknown_engine_fails_before_creating_a_store(tmp_path, republished):
    db = tmp_path / "new.db"
    assert invoke("ingest", str(republished), "--db", str(db), "--engine", "spark").exit_code == 2
    assert not db.exists()


def test_stories_and_a_story_timeline(db_path):
    assert invoke("ingest", str(EXAMPLES), "--db", db_path).exit_code == 0
    listed = [json.loads(line) for line in invoke("stories", "--db", db_path, "--json").stdout.splitlines()]
    # Jordan's ceasefire call, a site's copy crediting the same agency, and the Doha round on the
    # agreement's second phase that the call presses for; Cairo's draft three days later stays apart.
    ceasefire = next(s for s in listed if "وكالة الأنباء الأردنية" in s["outlets"] and s["articles"] > 1)
    assert ceasefire["articles"] == 3 and ceasefire["outlets"] == ["الخليج نيوز", "وكالة الأنباء الأردنية"]
    assert invoke("stories", "--db", db_path, "--since", "2025-05-01", "--json").stdout.count("\n") < len(listed)
    found = json.loads(invoke("story", ceasefire["id"], "--db", db_path, "--json").stdout)
    assert found["id"] == ceasefire["id"] and len(found["timeline"]) == ceasefire["articles"]
    assert found["timeline"][0]["first"] and any(item["copy_of"] for item in found["timeline"])
    assert any(item["statements"] for item in found["timeline"])
    text = invoke("story", ceasefire["id"], "--db", db_path).stdout
    assert "first" in text and "copy" in text
    # An id the story had before a merge still leads to it, and says so.
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT INTO story_aliases(id, story) VALUES ('s-merged-away', ?)", (ceasefire["id"],))
    renamed = invoke("story", "s-merged-away", "--db", db_path)
    assert renamed.exit_code == 0 and "s-merged-away is now part of this story" in renamed.stdout
    assert invoke("story", "s-unknown", "--db", db_path).exit_code != 0
