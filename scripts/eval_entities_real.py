"""Score marsad's entities on the cross-domain gold of real 2013 news (``tests/gold/entities_real``).

The gold holds, per sampled paragraph of ``news-2013.jsonl.xz`` (see
``scripts/sample_entity_gold.py``), the corpus line number, the paragraph index, a
hash of the paragraph and the entities as character offsets with labels: never the
text, which is read from the corpus at scoring time.

Scoring is CoNLL/seqeval style at the token level: a gold or predicted character
span becomes the run of tokens (``marsad.text.tokens.tokenize``) it touches, so a
clitic written on the name («وبورسعيد») does not matter, and an entity counts as
found only when its token span and label both match exactly. Two systems:
``tagger`` (the NER model alone, ``Tagger.entities``) and ``pipeline`` (entities
after the linking stage, what a reader sees).

    python scripts/eval_entities_real.py --split dev              # tune on this
    python scripts/eval_entities_real.py --split test             # once, at the end
    python scripts/eval_entities_real.py --split dev --misses     # every miss

``--from-labels FILE`` builds ``gold.json`` from a labelling file kept outside the
repository («@line:paragraph» then «LABEL surface» lines in text order; each
surface is looked up after the previous one, as a whole word that may carry
clitics).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from sample_entity_gold import paragraphs

from marsad.analyse.linking.stage import LinkStage
from marsad.analyse.ner.scoring import Score, report
from marsad.analyse.ner.stage import EntityStage
from marsad.analyse.ner.tagger import Tagger
from marsad.record import Article, Source
from marsad.text.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/gold/entities_real"
CORPUS = ROOT.parent / "shared/data/unlabeled/news-2013.jsonl.xz"
LABELS = ("PER", "LOC", "ORG", "MISC")
_CLITICS = re.compile("^[وفبلك]{0,2}$")

Span = tuple[int, int, str]


def digest(text: str) -> str:
    """Short hash of a paragraph, to check the corpus is the one labelled."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def locate(text: str, surface: str, after: int) -> tuple[int, int]:
    """Offsets of ``surface`` as a whole word (clitics allowed before it) at or after ``after``."""
    at = after
    while (at := text.find(surface, at)) >= 0:
        end = at + len(surface)
        word_start = at
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if _CLITICS.match(text[word_start:at]) and (end == len(text) or not text[end].isalpha()):
            return at, end
        at += 1
    raise ValueError(f"not found after {after}: {surface!r}")


def build(labels: Path, sample: Path, corpus: Path) -> list[dict[str, Any]]:
    """Gold records from a labelling file and the sample."""
    drawn = json.loads(sample.read_text(encoding="utf-8"))
    texts = paragraphs(corpus, {s["line"]: s["paragraph"] for s in drawn})
    by_key: dict[tuple[int, int], list[tuple[str, str]]] = {}
    key = None
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.startswith("@"):
            a, b = line[1:].split(":")
            key = (int(a), int(b))
            by_key[key] = []
        elif line.strip():
            label, surface = line.split(" ", 1)
            if label not in LABELS or key is None:
                raise ValueError(line)
            by_key[key].append((label, surface.strip()))
    gold = []
    for s in drawn:
        text = texts[s["line"]]
        entities: list[list[Any]] = []
        after = 0
        for label, surface in by_key[(s["line"], s["paragraph"])]:
            start, end = locate(text, surface, after)
            entities.append([start, end, label])
            after = end
        gold.append({**s, "sha": digest(text), "entities": entities})
    return gold


def token_spans(text: str, spans: list[Span]) -> set[tuple[int, int, str]]:
    """Each character span as (first token, last token + 1, label) of the tokens it touches."""
    tokens = tokenize(text)
    out = set()
    for start, end, label in spans:
        touched = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
        if touched:
            out.add((touched[0], touched[-1] + 1, label))
    return out


class Tally:
    """Counts per label for one system."""

    def __init__(self) -> None:
        """Empty counts."""
        self.tp: dict[str, int] = dict.fromkeys(LABELS, 0)
        self.pred: dict[str, int] = dict.fromkeys(LABELS, 0)
        self.gold: dict[str, int] = dict.fromkeys(LABELS, 0)
        self.misses: list[str] = []

    def add(self, text: str, gold: list[Span], predicted: list[Span], where: str) -> None:
        """Count one paragraph."""
        g, p = token_spans(text, gold), token_spans(text, predicted)
        tokens = tokenize(text)
        for spans, counter in ((g, self.gold), (p, self.pred), (g & p, self.tp)):
            for _, _, label in spans:
                counter[label] = counter.get(label, 0) + 1

        def show(s: tuple[int, int, str]) -> str:
            return f"{s[2]} «{text[tokens[s[0]].start : tokens[s[1] - 1].end]}»"

        self.misses += [f"{where} missed {show(s)}" for s in sorted(g - p)]
        self.misses += [f"{where} spurious {show(s)}" for s in sorted(p - g)]

    def scores(self) -> dict[str, Score]:
        """Per-label and micro scores."""
        result = {lab: Score(self.tp[lab], self.pred[lab], self.gold[lab]) for lab in LABELS}
        result["micro"] = Score(sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values()))
        return result


def evaluate(gold: list[dict[str, Any]], corpus: Path, split: str) -> dict[str, Tally]:
    """Tallies of the tagger alone and of the tagger plus linking on one split."""
    chosen = [g for g in gold if split == "all" or g["split"] == split]
    texts = paragraphs(corpus, {g["line"]: g["paragraph"] for g in chosen})
    tagger, entity_stage, link_stage = Tagger(), EntityStage(), LinkStage()
    tallies = {"tagger": Tally(), "pipeline": Tally()}
    for g in chosen:
        text = texts[g["line"]]
        if digest(text) != g["sha"]:
            raise SystemExit(f"line {g['line']}: the corpus paragraph differs from the one labelled")
        spans = [(s, e, lab) for s, e, lab in g["entities"]]
        where = f"{g['line']}:{g['paragraph']}"
        tallies["tagger"].add(text, spans, tagger.entities(text), where)
        article = Article(f"real-{where}", Source(), text, published=g["day"])
        article = link_stage.process(entity_stage.process(article))
        tallies["pipeline"].add(text, spans, [(e.start, e.end, e.label) for e in article.entities], where)
    return tallies


def main() -> None:
    """Build the gold from labels, or score a split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--misses", action="store_true", help="list every missed and spurious entity")
    parser.add_argument("--from-labels", type=Path, help="build gold.json from this labelling file")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    if args.from_labels:
        gold = build(args.from_labels, GOLD / "sample.json", args.corpus)
        (GOLD / "gold.json").write_text(
            "[\n" + ",\n".join(json.dumps(g, separators=(",", ":")) for g in gold) + "\n]\n", encoding="utf-8"
        )
        n = sum(len(g["entities"]) for g in gold)
        print(f"{len(gold)} paragraphs, {n} entities -> {GOLD / 'gold.json'}")
        return
    gold = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))
    tallies = evaluate(gold, args.corpus, args.split)
    if args.json:
        print(json.dumps({k: {lab: s.as_dict() for lab, s in t.scores().items()} for k, t in tallies.items()}))
        return
    for name, tally in tallies.items():
        if args.misses:
            print("\n".join(tally.misses))
        print(f"\n{name} ({args.split}):\n{report(tally.scores())}")


if __name__ == "__main__":
    main()
