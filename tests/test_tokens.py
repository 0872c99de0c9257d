from marsad.text.normalize import normalize
from marsad.text.sentences import sentence_spans
from marsad.text.tokens import stem, stems, tokenize


def test_clitics_are_stripped_against_the_lexicon():
    assert stem(normalize("وبإدلب")) == stem(normalize("إدلب"))
    assert stem(normalize("بسوريا")) == stem(normalize("سوريا"))
    assert stem(normalize("للرئيس")) == stem(normalize("الرئيس"))
    assert stem(normalize("والأسد")) == stem(normalize("الأسد"))


def test_words_that_only_look_prefixed_keep_their_form():
    for word in ("بوتين", "كان", "كما", "لبنان", "وزير", "الله"):
        assert stem(normalize(word)) == normalize(word)


def test_unknown_words_still_lose_the_article_prefix():
    assert stem("والكرملينوف") == "كرملينوف"


def test_tokens_carry_offsets_norms_and_stems():
    text = "قال وبِإدلب، 3.5 مليار"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["قال", "وبِإدلب", "،", "3.5", "مليار"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[1].norm == "وبادلب" and tokens[1].stem == "ادلب" and tokens[1].prefix == "وب"


def test_stems_of_a_text():
    assert stems("وصل الوفد إلى إدلب") == [stem(normalize(w)) for w in ["وصل", "الوفد", "إلى", "إدلب"]]


def test_sentences_split_on_arabic_punctuation_not_on_commas_or_abbreviations():
    text = 'قال د. محمد علي إن الوضع صعب، لكنه تحسن. وأضاف: "هل ننتظر؟" ثم غادر!\nفقرة بلا نقطة\nبلغ 3.5 مليار'
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "قال د. محمد علي إن الوضع صعب، لكنه تحسن.",
        'وأضاف: "هل ننتظر؟"',
        "ثم غادر!",
        "فقرة بلا نقطة",
        "بلغ 3.5 مليار",
    ]


def test_semicolon_does_not_end_a_sentence():
    assert len(list(sentence_spans("أولاً الاقتصاد؛ وثانياً الأمن."))) == 1
