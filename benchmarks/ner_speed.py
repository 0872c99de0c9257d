"""Words per second of the NER tagger alone on one core, and of another tree's tagger in the same run.

Run by hand (never in the tests)::

    python benchmarks/ner_speed.py [--articles 300] [--against /tmp/marsad-prev]

The input is the first ``--articles`` articles of the unlabelled news corpus when
``../shared`` is present (else the examples, repeated), split into sentences and
words as ``Tagger.entities`` splits them. Each article's sentences are tagged
together with ``Tagger.tag_sentences`` (one sentence at a time with ``Tagger.tag``
for a tree whose tagger has no ``tag_sentences``). ``--against`` runs the same
measurement, in a child process pinned to the same core, with another source
tree first on the path: a ``git worktree`` of the previous release, say
(``git worktree add /tmp/marsad-prev <commit>``). Times are CPU seconds of the
process (``time.process_time``), which a busy machine disturbs less than wall
time; the first pass warms the model and caches and is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from news import jsonl_lines, source_name

HERE = Path(__file__).resolve().parent


def documents(count: int) -> list[list[list[str]]]:
    """Sentences of words of each article, split as the tagger's ``entities`` splits them."""
    from marsad.text.sentences import sentence_spans
    from marsad.text.tokens import TOKEN

    docs = []
    for line in jsonl_lines(count):
        text = json.loads(line)["text"]
        docs.append([TOKEN.findall(text[s:e]) for s, e in sentence_spans(text)])
    return docs


def measure(count: int, repeats: int) -> dict[str, float]:
    """Words per CPU second of this process's ``marsad`` tagger (best of ``repeats`` passes)."""
    import marsad
    from marsad.analyse.ner.tagger import Tagger

    tagger = Tagger()
    docs = documents(count)
    batched = hasattr(tagger, "tag_sentences")

    def run() -> None:
        for doc in docs:
            if batched:
                tagger.tag_sentences(doc)
            else:
                for sentence in doc:
                    tagger.tag(sentence)

    start = time.process_time()
    run()
    cold = time.process_time() - start
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    words = sum(len(s) for doc in docs for s in doc)
    return {"tree": str(Path(marsad.__file__).parents[2]), "words": words, "cold": words / cold, "warm": words / best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--against", type=Path, action="append", default=[], help="another source tree")
    parser.add_argument("--json", action="store_true", help="print one JSON line (used for --against)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.articles, args.repeats)))
        return
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    env = os.environ | {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    print(f"{args.articles} articles from the {source_name()}, one core:")
    for tree in [None, *args.against]:
        child_env = env if tree is None else env | {"PYTHONPATH": f"{tree / 'src'}{os.pathsep}{HERE}"}
        command = [sys.executable, str(HERE / "ner_speed.py"), "--json", "--articles", str(args.articles)]
        command += ["--repeats", str(args.repeats)]
        result = json.loads(subprocess.run(command, env=child_env, capture_output=True, text=True, check=True).stdout)
        print(
            f"  {result['tree']}: {result['words']} words, {result['cold']:,.0f} words/s first pass,"
            f" {result['warm']:,.0f} words/s warm"
        )


if __name__ == "__main__":
    main()
