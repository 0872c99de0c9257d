"""Tests for the NER scorer, inputs, the numpy network, shipped model, spans, CoNLL tagging and stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.analyse.ner import Tagger
from marsad.analyse.ner.conll import tag_conll
from marsad.analyse.ner.inputs import FLAGS, encode, stem_key
from marsad.analyse.ner.scoring import score, spans
from marsad.analyse.ner.stage import EntityStage
from marsad.analyse.ner.tagger import clitic_chars, default_model
from marsad.record import Article, Source
from marsad.text.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SUMMIT = "التقى الرئيس الروسي فلاديمير بوتين ونظيره التركي رجب طيب أردوغان في مدينة سوتشي"


def test_the_shipped_model_and_tables_are_packaged() -> None:
    """A missing model or table is a packaging fault: it fails here, it does not skip tests."""
    from marsad.analyse.ner.common import rates
    from marsad.analyse.ner.features import clusters

    assert default_model().is_file(), f"{default_model()} missing"
    assert clusters(), "word clusters missing from src/marsad/data/ar"
    assert rates(), "name rates missing from src/marsad/data/ar"


# --- scorer -----------------------------------------------------------------


def test_spans_bio_and_stray_inside() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-PER"]
    assert spans(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "ORG"), (7, 8, "PER")]
    assert spans([]) == []
    assert spans(["O", "O"]) == []


def test_score_exact_match_only() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    result = score(gold, pred)
    assert (result["LOC"].tp, result["LOC"].f1) == (1, 1.0)
    assert result["PER"].tp == 0 and result["PER"].predicted == 1 and result["PER"].gold == 1
    assert result["MISC"].precision == 0.0 and result["MISC"].gold == 0
    micro = result["micro"]
    assert (micro.tp, micro.predicted, micro.gold) == (2, 4, 3)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(2 / 3)
    assert micro.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_score_rejects_misaligned() -> None:
    with pytest.raises(ValueError):
        score([["O", "O"]], [["O"]])


# --- inputs -----------------------------------------------------------------


def _flags(row: object) -> set[str]:
    return {name for name, on in zip(FLAGS, row, strict=True) if on}  # type: ignore[call-overload]


def test_inputs_read_stems_characters_flags_and_clusters() -> None:
    words = SUMMIT.split()
    stems = {"بوتين": 7, "نظير": 9}
    chars = {"ب": 2, "و": 3}
    stem_ids, char_ids, flags, clusters = encode(words, stems, chars)
    assert len(stem_ids) == len(char_ids) == len(flags) == len(clusters) == len(words)
    at = {w: i for i, w in enumerate(words)}
    assert stem_ids[at["بوتين"]] == 7 and stem_ids[at["ونظيره"]] == 0
    assert list(char_ids[at["بوتين"]][:3]) == [2, 3, 1]  # unknown characters are 1, padding 0
    assert "trigger=PER" in _flags(flags[at["الرئيس"]])  # a trigger word
    assert {"clitic", "no-embedding"} <= _flags(flags[at["ونظيره"]])
    assert "article" in _flags(flags[at["الرئيس"]])
    assert "shape=ar" in _flags(flags[0])
    assert clusters.min() >= 0 and clusters[at["في"]].all()  # a frequent word has clusters at every level
    again = encode(list(words), stems, chars)
    assert all((x == y).all() for x, y in zip(again, (stem_ids, char_ids, flags, clusters), strict=True))


def test_stem_key_strips_clitics_and_folds_digits() -> None:
    assert stem_key("وبوتين") == "بوتين"
    assert stem_key("2013") == stem_key("1999") == "0000"


def test_gazetteer_flags_cover_multiword_entries() -> None:
    _, _, flags, _ = encode(["زار", "المملكة", "العربية", "السعودية", "أمس"], {}, {})
    begins = [i for i, row in enumerate(flags) if any(f.startswith("B") for f in _flags(row))]
    inside = [i for i, row in enumerate(flags) if any(f.startswith("I") for f in _flags(row))]
    assert 1 in begins and {2, 3} <= set(inside)


# --- the network in numpy ---------------------------------------------------


def test_sentences_tagged_together_get_the_tags_they_get_alone() -> None:
    """Batching pads shorter sentences; padding must not change any sentence's tags."""
    tagger = Tagger()
    sentences = [
        SUMMIT.split(),
        ["وقال", "أوباما"],
        [
            "أعلنت",
            "وزارة",
            "الخارجية",
            "المصرية",
            "أن",
            "الوزير",
            "سامح",
            "شكري",
            "سيزور",
            "واشنطن",
            "الأسبوع",
            "المقبل",
        ],
        [],
        ["بغداد"],
    ]
    together = tagger.tag_sentences(sentences)
    assert together == [tagger.tag(s) for s in sentences]
    assert together[3] == []


def test_numpy_lstm_reads_each_sentence_backwards_from_its_own_end() -> None:
    """A tiny network whose output is the backward state: padding after a sentence leaves it unchanged."""
    import numpy as np

    from marsad.analyse.ner.neural import NeuralModel

    model = NeuralModel(_tiny_arrays(np.random.default_rng(3)))
    short = ["قال", "بوتين"]
    scores, lengths = model.emissions([short, [*short, "في", "موسكو", "أمس"]])
    alone, _ = model.emissions([short])
    assert list(lengths) == [2, 5]
    assert np.allclose(scores[0, :2], alone[0], atol=1e-5)
    assert not np.allclose(scores[1, :2], alone[0], atol=1e-5)  # the longer sentence's later words count


def _tiny_arrays(rng: object) -> dict[str, object]:
    """Random weights shaped as ``scripts/train_ner_neural.py`` exports them (2 hidden units)."""
    import numpy as np

    from marsad.analyse.ner.inputs import CLUSTER_LEVELS
    from marsad.analyse.ner.neural import cluster_offsets

    r = rng.standard_normal  # type: ignore[attr-defined]
    h, dim, char_dim, filters, tags = 2, 3, 2, 2, 9
    width = dim + filters + len(FLAGS) + len(CLUSTER_LEVELS)
    arrays: dict[str, object] = {
        "tags": np.array(["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]),
        "stems": np.array(["بوتين", "قال"]),
        "chars": np.array("اب"),
        "stem_vectors": r((3, dim)),
        "char_embedding": r((4, char_dim)),
        "cluster_embedding": r((int(cluster_offsets()[-1]), 1)),
        "conv_w": r((filters, char_dim, 3)),
        "conv_b": r(filters),
        "out_w": r((tags, 2 * h)),
        "out_b": r(tags),
        "transitions": r((tags, tags)),
        "start": r(tags),
        "end": r(tags),
    }
    for side in ("fw", "bw"):
        arrays |= {f"{side}_w_ih": r((4 * h, width)), f"{side}_w_hh": r((4 * h, h)), f"{side}_b": r(4 * h)}
    return arrays


# --- clitic offsets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("وبوتين", "بوتين"),
        ("وَبوتين", "بوتين"),
        ("لصحيفة", "صحيفة"),
        ("والقاهرة", "القاهرة"),
        ("بغداد", "بغداد"),
    ],
)
def test_clitic_chars(word: str, name: str) -> None:
    token = tokenize(word)[0]
    assert word[clitic_chars(token) :] == name


class _FixedTagger(Tagger):
    """Tags chosen words as entities, to test span arithmetic without the model."""

    LABELS = {"وبوتين": "B-PER", "لصحيفة": "B-ORG", "الأهرام": "I-ORG", "وَالقاهرة": "B-LOC"}

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[self.LABELS.get(w, "O") for w in words] for words in sentences]


def test_entity_spans_skip_clitics() -> None:
    text = "قال وبوتين لصحيفة الأهرام إنه زار وَالقاهرة."
    found = [(text[s:e], label) for s, e, label in _FixedTagger("unused").entities(text)]
    assert found == [("بوتين", "PER"), ("صحيفة الأهرام", "ORG"), ("القاهرة", "LOC")]


# --- shipped model ----------------------------------------------------------


def test_model_metadata() -> None:
    meta = json.loads((default_model().parent / "ner.json").read_text(encoding="utf-8"))
    assert default_model().stat().st_size < 20_000_000
    assert meta["model"] == default_model().name
    assert meta["dev_scores"]["micro"]["f1"] > 0.7
    assert set(meta["labels"]) == {"PER", "LOC", "ORG", "MISC"}


def test_summit_sentence() -> None:
    tagger = Tagger()
    words = SUMMIT.split()
    tags = dict(zip(words, tagger.tag(words), strict=True))
    assert tags["بوتين"].endswith("-PER") and tags["أردوغان"].endswith("-PER")
    assert tags["سوتشي"] == "B-LOC"
    assert all(not t.startswith("PERS") for t in tags.values())
    found = {(SUMMIT[s:e], label) for s, e, label in tagger.entities(SUMMIT)}
    assert ("فلاديمير بوتين", "PER") in found or ("بوتين", "PER") in found
    assert any(label == "PER" and "أردوغان" in text for text, label in found)
    assert ("سوتشي", "LOC") in found


def test_clitic_mention_span_excludes_prefix() -> None:
    text = "وصل الرئيس الأمريكي باراك أوباما إلى جنيف، وبحث أوباما وبوتين الأزمة السورية."
    entities = Tagger().entities(text)
    clitic_at = text.index("وبوتين")
    hit = [(s, e, label) for s, e, label in entities if s <= clitic_at + 1 < e]
    assert hit == [(clitic_at + 1, clitic_at + len("وبوتين"), "PER")], entities
    assert text[hit[0][0] : hit[0][1]] == "بوتين"
    short = "التقى أردوغان وبوتين في سوتشي."
    assert (short.index("بوتين"), short.index("بوتين") + 5, "PER") in Tagger().entities(short)


def test_entity_spans_match_text() -> None:
    text = (
        "قال المتحدث باسم وزارة الخارجية المصرية إن الوزير سامح شكري سيزور واشنطن.\n"
        "وأعلنت وكالة الأنباء الفرنسية أنَّ المستشارة أنجيلا ميركل وصلت إلى باريس، ولصحيفة لوموند رأي آخر."
    )
    entities = Tagger().entities(text)
    assert entities
    stage_article = EntityStage().process(Article(id="x", source=Source(), text=text))
    assert [(e.start, e.end, e.label) for e in stage_article.entities] == entities
    for e in stage_article.entities:
        assert e.text == text[e.start : e.end]
        assert e.text and not e.text[0].isspace() and not e.text[-1].isspace()
        assert e.label in {"PER", "LOC", "ORG", "MISC"}
        assert e.id is None and e.name is None


def test_empty_inputs() -> None:
    assert Tagger().tag([]) == []
    assert Tagger().entities("") == []
    assert Tagger().entities("   \n ") == []


def test_tag_conll_shape() -> None:
    lines = ["التقى O", "الرئيس\tO\textra", "بوتين", "", "", "في", "موسكو", ""]
    out = list(tag_conll(lines))
    assert out[3] == "" and out[-1] == "" and len(out) == 7
    rows = [line.split("\t") for line in out if line]
    assert [r[0] for r in rows] == ["التقى", "الرئيس", "بوتين", "في", "موسكو"]
    assert all(len(r) == 2 and (r[1] == "O" or r[1][:2] in ("B-", "I-")) for r in rows)
    assert list(tag_conll(["كلمة"]))[-1] == ""  # last sentence closed without trailing blank


def test_stage_contract() -> None:
    assert EntityStage.name == "entities"
    assert EntityStage.requires == ("text",) and EntityStage.provides == ("entities",)


# --- training data (only where ../shared is mounted) ------------------------


def test_read_conll_maps_pers(tmp_path: Path) -> None:
    from marsad.analyse.ner.conll import read_conll

    path = tmp_path / "gold.txt"
    path.write_text("قال O\nأوباما B-PERS\n\n\nفي O\nبغداد B-LOC\n", encoding="utf-8")
    assert read_conll(path) == [(["قال", "أوباما"], ["O", "B-PER"]), (["في", "بغداد"], ["O", "B-LOC"])]


@pytest.mark.skipif(not (SHARED / "data/anercorp/train.txt").is_file(), reason="../shared absent")
def test_read_conll_reads_anercorp() -> None:
    from marsad.analyse.ner.conll import read_conll

    sentences = read_conll(SHARED / "data/anercorp/train.txt")
    assert len(sentences) > 3000
    tags = {t for _, ts in sentences for t in ts}
    assert "B-PER" in tags and not any("PERS" in t for t in tags)
    assert all(len(w) == len(t) for w, t in sentences)


# --- document consistency ---------------------------------------------------


def test_a_tagged_name_is_spread_to_its_untagged_repeats() -> None:
    from marsad.analyse.ner.document import consistent

    words = [["قال", "محمد", "مرسي", "إن"], ["وأكد", "مرسي", "أن"], ["محمد", "مرسي", "ومرسي"]]
    tags = [["O", "B-PER", "I-PER", "O"], ["O", "B-PER", "O"], ["O", "O", "O"]]
    out = consistent(words, tags)
    assert out[0] == tags[0] and out[1] == tags[1]
    # The longest known name first; «ومرسي» is another written word and stays as it is.
    assert out[2] == ["B-PER", "I-PER", "O"]
    # A word that is mostly not a name («بأنه») is never spread.
    assert consistent([["بأنه"], ["بأنه"]], [["B-LOC"], ["O"]])[1] == ["O"]


def test_a_common_word_tagged_as_a_place_is_judged_as_written() -> None:
    from marsad.analyse.ner.document import consistent

    # «المسيلة» the Algerian town, then the tear gas: the common word is not spread.
    words = [["وصل", "الوفد", "إلى", "المسيلة", "مساء"], ["وأطلقت", "الشرطة", "القنابل", "المسيلة", "للدموع"]]
    tags = [["O", "O", "O", "B-LOC", "O"], ["O"] * 5]
    assert consistent(words, tags)[1] == ["O"] * 5
    for common_word in ("الحكومة", "الدولة", "المنطقة", "الساعة"):
        assert consistent([[common_word], ["في", common_word]], [["B-ORG"], ["O", "O"]])[1] == ["O", "O"]
