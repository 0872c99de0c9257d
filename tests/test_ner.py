"""Tests for the NER scorer, features, shipped CRF model, spans, CoNLL tagging and stage."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from marsad.analyse.ner import Tagger
from marsad.analyse.ner.conll import tag_conll
from marsad.analyse.ner.features import sentence_features
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
    from marsad.analyse.ner.features import clusters, stem_clusters

    assert default_model().is_file(), f"{default_model()} missing"
    assert clusters(), "word clusters missing from src/marsad/data/ar"
    assert stem_clusters()[0], "stem clusters missing from src/marsad/data/ar"
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


# --- features ---------------------------------------------------------------


def test_features_deterministic_and_windowed() -> None:
    words = SUMMIT.split()
    first, second = sentence_features(words), sentence_features(list(words))
    assert first == second
    assert len(first) == len(words)
    assert "-1:BOS" in first[0] and "2:EOS" in first[-1]
    assert "t=PER" in first[1]  # الرئيس is a trigger
    assert "clit=و" in first[5]  # ونظيره
    plain = sentence_features(words, use_clusters=False)
    assert not any(f.startswith(("c0=", "sc0=", "k0=", "kb4=")) for fs in plain for f in fs)


def test_stem_cluster_features() -> None:
    from marsad.analyse.ner.features import _bits, stem_clusters

    assert _bits("kb", "0110101", (4, 6, 8)) == ["kb4=0110", "kb6=011010"]
    assert _bits("kb", None, (4,)) == []
    table, paths = stem_clusters()
    assert table, "stem clusters missing from src/marsad/data: a packaging fault"
    feats = sentence_features(["وبوتين", "قال"])
    # The stem's clusters (not the clitic form's) on the word and, offset, on its neighbour.
    assert "k0=" + table["بوتين"][0] in feats[0]
    assert "kb4=" + paths["بوتين"][:4] in feats[0]
    assert "-1:k0=" + table["بوتين"][0] in feats[1]


def test_stem_feature_strips_clitic() -> None:
    feats = sentence_features(["وبوتين", "لصحيفة"])
    assert "s=بوتين" in feats[0] and "clit=و" in feats[0]
    assert "s=صحيفه" in feats[1] and "clit=ل" in feats[1]


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

    def tag(self, words: list[str]) -> list[str]:
        return [self.LABELS.get(w, "O") for w in words]


def test_entity_spans_skip_clitics() -> None:
    text = "قال وبوتين لصحيفة الأهرام إنه زار وَالقاهرة."
    found = [(text[s:e], label) for s, e, label in _FixedTagger("unused").entities(text)]
    assert found == [("بوتين", "PER"), ("صحيفة الأهرام", "ORG"), ("القاهرة", "LOC")]


# --- shipped model ----------------------------------------------------------


def test_model_metadata() -> None:
    meta = json.loads((default_model().parent / "ner.json").read_text(encoding="utf-8"))
    assert default_model().stat().st_size < 50_000_000
    assert meta["dev_scores"]["micro"]["f1"] > 0.5
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


@pytest.mark.skipif(not (SHARED / "data/anercorp/train.txt").is_file(), reason="../shared absent")
def test_read_conll_maps_pers() -> None:
    spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts/train_ner.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_ner"] = module
    spec.loader.exec_module(module)
    sentences = module.read_conll(SHARED / "data/anercorp/train.txt")
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
