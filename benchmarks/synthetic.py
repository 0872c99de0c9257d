"""Synthetic Arabic news for load tests: articles composed from marsad's own entity registry.

Every article is built from sentence templates written here, filled with people,
organisations and cities from ``src/marsad/data/entities/`` (marsad's own data),
numbers and dates, so that a store of thousands of articles has the shape of a real
one: many entities, statements with reporting verbs and anonymous sources, stories
reported by several outlets, a few republished copies, frequent and rare words.
Nothing here is taken from an outside corpus.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = ROOT / "src" / "marsad" / "data" / "entities"

OUTLETS = ("وكالة الأنباء العربية", "صحيفة الأفق", "موقع المرصد اليومي", "قناة الخليج الإخبارية",
           "صحيفة النهار الجديد", "وكالة الشرق للأنباء", "موقع أخبار الساعة", "إذاعة صوت المدينة")
TOPICS = (("المفاوضات", "وقف إطلاق النار", "الهدنة", "تبادل الأسرى", "الوساطة"),
          ("الانتخابات", "صناديق الاقتراع", "المرشحين", "نسبة المشاركة", "اللجنة العليا"),
          ("الموازنة", "العجز المالي", "أسعار النفط", "الاستثمار الأجنبي", "التضخم"),
          ("المياه", "السد", "الجفاف", "الزراعة", "حصص المياه"),
          ("اللاجئين", "العودة الطوعية", "المخيمات", "المساعدات الإنسانية", "الإغاثة"),
          ("الكهرباء", "محطات التوليد", "انقطاع التيار", "الطاقة الشمسية", "شبكة النقل"))
CUES = ("قال", "أكد", "أوضح", "صرح", "أعلن", "كشف")
ANONYMOUS = ("مصدر دبلوماسي", "مسؤول حكومي رفض الكشف عن اسمه", "مصادر مطلعة", "مصدر أمني")
SENTENCES = (
    "{cue} {person} إن {topic} {verb} في {city} خلال {days} أيام، مشيراً إلى أن {topic2} {state}.",
    "وفي {city}، {cue2} {org} أن {topic} {verb} بمشاركة {n} من الوفود، وأن {topic2} {state}.",
    "{cue} {anon} لـ{outlet} إن {person} {met} {person2} في {city} لبحث {topic}.",
    "وأضاف {person} أن «{topic} {state}، ولن نقبل بأي تأخير في {topic2}».",
    "وتشير الأرقام إلى أن {n} ألف شخص تأثروا بـ{topic} منذ {month}، بحسب {org}.",
    "من جهته، {cue2} {org} أن {topic2} {verb} بعد اجتماع في {city} حضره {person2}.",
    "ويأتي ذلك في وقت تشهد فيه {city} {topic} {state}، وسط دعوات إلى {topic2}.",
    "وكانت {org} قد أعلنت في {month} الماضي عن خطة بقيمة {n} مليون دولار لدعم {topic}.",
)
VERBS = ("تتقدم ببطء", "تعثرت", "استؤنفت", "توقفت مؤقتاً", "تسير وفق الجدول", "شهدت تطوراً لافتاً")
STATES = ("ما زال بعيد المنال", "يتطلب جهوداً إضافية", "أصبح أولوية", "يواجه عقبات كثيرة", "بات قريباً")
MET = ("التقى", "استقبل", "اجتمع مع", "بحث هاتفياً مع")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر")
RARE = ("زعفران", "قرنفل", "فسيفساء", "مخطوطة", "بوصلة", "قيثارة", "سنديان", "لؤلؤ", "مرجان", "عقيق")


def _names(kind: str) -> list[str]:
    with (ENTITIES / "curated.tsv").open(encoding="utf-8") as rows:
        lines = [line for line in rows if not line.startswith("#")]
    return [row["name_ar"] for row in csv.DictReader(lines, delimiter="\t") if row["type"] == kind and row["name_ar"]]


def _cities() -> list[str]:
    with (ENTITIES / "cities.tsv").open(encoding="utf-8") as rows:
        lines = [line for line in rows if not line.startswith("#")]
    return [row["name_ar"] for row in csv.DictReader(lines, delimiter="\t") if row["name_ar"]][:300]


def _words() -> list[str]:
    """Common words of marsad's lexicon, to give each event its own vocabulary."""
    with gzip.open(ENTITIES.parent / "ar" / "lexicon.tsv.gz", "rt", encoding="utf-8") as rows:
        pairs = [line.rstrip("\n").split("\t") for line in rows if not line.startswith("#")]
    return [word for word, n in pairs if len(word) > 3 and int(n) >= 50]


@dataclass(frozen=True)
class Event:
    """What the articles about one event share: topic, people, place, day and their own words."""

    topic: tuple[str, ...]
    person: str
    person2: str
    org: str
    city: str
    day: date
    words: list[str]


def articles(count: int, seed: int = 20) -> list[dict[str, str]]:
    """``count`` JSON-ready articles (title, text, published, site), about ``count / 4`` events."""
    rng = random.Random(seed)
    people, orgs, cities, words = _names("PER"), _names("ORG"), _cities(), _words()
    start = date(2025, 1, 1)
    events = [Event(rng.choice(TOPICS), rng.choice(people), rng.choice(people), rng.choice(orgs), rng.choice(cities),
                    start + timedelta(days=rng.randrange(180)), rng.sample(words, 30))
              for _ in range(max(1, count // 4))]

    def fill(template: str, event: Event) -> str:
        return template.format(
            cue=rng.choice(CUES), cue2=rng.choice(("أعلنت", "أكدت", "ذكرت")), person=event.person,
            person2=rng.choice((event.person2, rng.choice(people))), org=event.org,
            city=rng.choice((event.city, rng.choice(cities))), topic=rng.choice(event.topic),
            topic2=rng.choice(event.topic), verb=rng.choice(VERBS), state=rng.choice(STATES),
            days=rng.randint(2, 9), n=rng.randint(3, 900), anon=rng.choice(ANONYMOUS),
            outlet=rng.choice(OUTLETS), met=rng.choice(MET), month=rng.choice(MONTHS))

    out: list[dict[str, str]] = []
    for n in range(count):
        event = rng.choice(events)
        if out and rng.random() < 0.05:  # a republished copy with a new credit line
            copy = dict(rng.choice(out))
            copy["text"] = copy["text"] + f"\n({rng.choice(OUTLETS)})"
            copy["site"] = rng.choice(OUTLETS)
            out.append(copy)
            continue
        own = event.words
        body = [fill(rng.choice(SENTENCES), event) if rng.random() < 0.4
                else f"{' '.join(rng.sample(own, 4))} {rng.choice(event.topic)} {' '.join(rng.sample(own, 5))}، "
                     f"{rng.choice(CUES)} {rng.choice((event.person, event.org))} {' '.join(rng.sample(own, 4))}."
                for _ in range(rng.randint(5, 12))]
        if rng.random() < 0.02:
            body.append(f"وعرضت في المعرض قطعة من {rng.choice(RARE)} نادرة رقم {n}.")
        day = event.day + timedelta(days=rng.randint(0, 2))
        out.append({"title": f"{event.person} يبحث {own[0]} {own[1]} في {event.city}", "text": "\n".join(body),
                    "published": day.isoformat(), "site": rng.choice(OUTLETS)})
    return out


def write_jsonl(path: Path, count: int, seed: int = 20) -> Path:
    """Write ``count`` synthetic articles to ``path`` as JSON lines."""
    with path.open("w", encoding="utf-8") as out:
        for item in articles(count, seed):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path
