"""Golden tests on the founding page from ../shared (skipped where it is absent)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import marsad
from marsad.cli import app

RELATED = [
    "ما مضمونها.. أردوغان يوجه رسالة لبشار الأسد",
    "روسيا تبدي استعدادها للتفاوض مع ترمب بشأن سوريا",
    "أبرز ما جاء في أستانا 22 بين المعارضة والنظام والدول الضامنة",
    'إثر حادث سير ...وفاة رئيس "اتحاد طلبة سوريا" في تركياالمهندس سعد أبو علي',
    "بدء اجتماعات مؤتمر أستانا 22 في كازاخستان",
    "روسيا تعزز دورها في جنوبي سوريا",
]


def process_seed(seed_path) -> dict:
    result = CliRunner().invoke(app, ["process", str(seed_path)])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(line)


def test_seed_record(seed_path):
    record = process_seed(seed_path)
    assert record["title"] == "مصدر روسي يكشف اتفاق بوتين وأردوغان بخصوص إدلب"
    assert record["site"] == "It's Over 9000!"
    assert record["outlet"] == "بلدي نيوز"
    assert [r["title"] for r in record["related"]] == RELATED
    assert {b["kind"] for b in record["boilerplate"]} >= {"title_suffix", "repeated_title", "credit_line", "related"}
    assert record["text"].startswith("كشف مصدر دبلوماسي")
    assert record["text"].endswith("على إدلب.")
    assert not any(headline in record["text"] for headline in RELATED)
    assert record["lang"] == "ar"
    assert record["source"]["format"] == "text"


def test_seed_id_is_stable(seed_path):
    assert process_seed(seed_path)["id"] == process_seed(seed_path)["id"]


def test_seed_is_found_by_both_spellings_of_idlib(seed_path, db_path, tmp_path):
    cp1256 = tmp_path / "seed-cp1256.txt"
    cp1256.write_bytes(seed_path.read_text(encoding="utf-8").encode("cp1256"))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(seed_path), str(cp1256), "--db", db_path]).exit_code == 0
    for query in ("ادلب", "إدلب"):
        hits = [json.loads(h) for h in runner.invoke(app, ["search", query, "--db", db_path, "--json"]).stdout.splitlines()]
        assert any(h["title"] == "مصدر روسي يكشف اتفاق بوتين وأردوغان بخصوص إدلب" for h in hits)


def test_seed_spans_match_text(seed_path):
    (article,) = list(marsad.process(str(seed_path)))
    for spans in (article.entities, article.dates, article.points):
        for span in spans:
            assert article.text[span.start : span.end] == span.text


def test_seed_entities_are_labelled_and_linked(seed_path):
    (article,) = list(marsad.process(str(seed_path)))
    labels: dict[str, set[str]] = {}
    ids: dict[str, set[str]] = {}
    for entity in article.entities:
        assert article.text[entity.start : entity.end] == entity.text
        labels.setdefault(entity.text, set()).add(entity.label)
        ids.setdefault(entity.text, set()).add(entity.id)
    expected = {
        "PER": ("بوتين", "فلاديمير بوتين", "أردوغان", "رجب طيب أردوغان"),
        "LOC": ("إدلب", "سوتشي", "سوريا", "تركيا", "روسيا", "واشنطن"),
        "ORG": ("وزارة الخارجية الروسية", "الشرق الأوسط", "ميدل إيست آي"),
    }
    for label, names in expected.items():
        for name in names:
            assert labels.get(name) == {label}, (name, labels.get(name))
    assert ids["بوتين"] == ids["فلاديمير بوتين"] and len(ids["بوتين"]) == 1
    assert ids["أردوغان"] == ids["رجب طيب أردوغان"] and len(ids["أردوغان"]) == 1
    assert ids["الشرق الأوسط"] == {"mr:asharq-al-awsat"}  # the newspaper, not the region
