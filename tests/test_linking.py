"""Entity linking: registry lookups, the registry matcher, context, coreference and local ids."""

from __future__ import annotations

import pytest

from marsad.analyse.linking import LinkStage, demonym_country, link, local_id, resolve
from marsad.pipeline import Pipeline, Stage
from marsad.record import Article, Entity, Source


def tag(text: str, *names: tuple[str, str]) -> list[Entity]:
    """Hand-made tagger output: each (surface, label) at its first occurrence."""
    entities = []
    for surface, label in names:
        start = text.index(surface)
        entities.append(Entity(start, start + len(surface), surface, label))
    return entities


def by_text(entities: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in entities}


def assert_spans(text: str, entities: list[Entity]) -> None:
    for e in entities:
        assert text[e.start : e.end] == e.text


def test_full_name_and_surname_share_putins_id():
    text = "استقبل فلاديمير بوتين ضيفه في موسكو، وقال بوتين إن المحادثات كانت مثمرة."
    second = text.index("بوتين", text.index("وقال"))
    linked = link(text, tag(text, ("فلاديمير بوتين", "PER")) + [Entity(second, second + 5, "بوتين", "PER")])
    people = [e for e in linked if e.label == "PER"]
    assert {e.id for e in people} == {"Q7747"}
    assert len(people) == 2
    assert_spans(text, linked)


def test_erdogan_spellings_share_one_id():
    text = "التقى رجب طيب أردوغان وزيره، ثم عاد أردوغان إلى أنقرة حيث استقبل الوزراء وأردوغان مبتسم."
    tagged = tag(text, ("رجب طيب أردوغان", "PER"))
    second = text.index("أردوغان", text.index("عاد"))
    third = text.index("وأردوغان") + 1  # the tagger leaves the clitic «و» out of the span
    tagged += [Entity(second, second + 7, "أردوغان", "PER"), Entity(third, third + 7, "أردوغان", "PER")]
    linked = link(text, tagged)
    assert [e.id for e in linked if e.label == "PER"] == ["Q39259"] * 3
    assert_spans(text, linked)


@pytest.mark.parametrize("query", ["Erdogan", "Erdoğan", "أردوغان", "رجب طيب أردوغان", "وأردوغان", "Q39259"])
def test_resolve_finds_erdogan_in_any_spelling(query: str):
    assert [e.id for e in resolve(query)] == ["Q39259"]


def test_demonyms_name_their_country():
    assert demonym_country("تركي") == "Q43"
    assert demonym_country("التركية") == "Q43"
    assert demonym_country("Russian") == "Q159"
    assert demonym_country("طاولة") is None


def test_tagged_role_phrase_links_to_the_holder():
    text = "وأكد الرئيس التركي خلال المؤتمر أن بلاده لن تتراجع."
    linked = link(text, tag(text, ("الرئيس التركي", "PER")), published="2024-03-01")
    assert by_text(linked)["الرئيس التركي"].id == "Q39259"


def test_role_phrase_follows_the_article_date():
    text = "وقال الرئيس الأمريكي إن بلاده ستدعم الاتفاق."
    entities = tag(text, ("الرئيس الأمريكي", "PER"))
    assert link(text, entities, published="2019-06-01")[0].id == "Q22686"
    assert link(text, entities, published="2022-06-01")[0].id == "Q6279"


def test_counterpart_takes_the_role_of_the_minister_before_it():
    text = "بحث وزير الخارجية الروسي سيرغي لافروف مع نظيره التركي الوضع في سوريا."
    linked = by_text(link(text, tag(text, ("سيرغي لافروف", "PER")), published="2024-01-10"))
    assert linked["نظيره التركي"].id == "mr:hakan-fidan"
    assert linked["وزير الخارجية الروسي"].id == "mr:sergey-lavrov"


def test_former_holder_is_not_linked_to_the_current_one():
    text = "وقال الرئيس الروسي السابق في مقابلة إن الحرب طويلة."
    assert all(e.id != "Q7747" for e in link(text, []))


def test_media_trigger_selects_the_newspaper():
    text = "وقال مسؤول لصحيفة الشرق الأوسط إن التصعيد يهدد منطقة الشرق الأوسط بأكملها."
    first = text.index("الشرق الأوسط")
    second = text.index("الشرق الأوسط", first + 1)
    tagged = [Entity(first, first + 12, "الشرق الأوسط", "LOC"), Entity(second, second + 12, "الشرق الأوسط", "LOC")]
    newspaper, region = sorted(link(text, tagged), key=lambda e: e.start)
    assert (newspaper.id, newspaper.label) == ("mr:asharq-al-awsat", "ORG")
    assert region.id != "mr:asharq-al-awsat" and region.label == "LOC"


def test_registry_matcher_finds_a_medium_the_tagger_missed():
    text = 'وأضاف مسؤول تركي حسبما صرح لموقع "ميدل إيست آي" أن الاتفاق قريب.'
    found = [e for e in link(text, []) if e.id == "mr:middle-east-eye"]
    assert len(found) == 1
    assert found[0].text == "ميدل إيست آي" and found[0].label == "ORG"
    assert "لموقع" not in found[0].text
    assert_spans(text, found)


def test_registry_matcher_leaves_clitics_out_and_respects_tagged_spans():
    text = "وصرح المتحدث بأن للحوثيين علاقة بالهجوم، وقال وبوتين إن روسيا مستعدة."
    tagged = tag(text, ("روسيا", "LOC"))
    linked = link(text, tagged)
    ids = {e.id: e for e in linked}
    assert ids["Q7747"].text == "بوتين"
    assert ids["mr:houthis"].label == "ORG"
    assert [e for e in linked if e.text == "روسيا"][0].id == "Q159"
    assert_spans(text, linked)


def test_ambiguous_words_need_context():
    text = "وصلت الصور من الباب إلى الجزيرة، والعربية لغة جميلة."
    assert link(text, []) == []


def test_adjectives_are_not_countries():
    text = "وقالت المعارضة السورية إن المفاوضات متوقفة."
    assert all(e.id != "Q858" for e in link(text, []))


def test_unknown_names_get_the_same_local_id_in_two_documents():
    first = "وقال خالد العبد الله المتحدث باسم المجلس إن العبد الله سيزور المدينة."
    second = "أكد خالد العبد الله في بيان أن المجلس سيجتمع."
    one = link(first, tag(first, ("خالد العبد الله", "PER")))
    two = link(second, tag(second, ("خالد العبد الله", "PER")))
    expected = local_id("PER", ("خالد", "عبد", "الله"))
    assert one[0].id == two[0].id == expected
    assert expected.startswith("local:PER:") and len(expected.rsplit(":", 1)[1]) == 12


def test_lone_surname_of_an_unknown_person_follows_the_full_name():
    text = "قال سامر القباني إن المشروع جاهز، وأضاف القباني أن التمويل مضمون."
    second = text.index("القباني", text.index("وأضاف"))
    tagged = tag(text, ("سامر القباني", "PER")) + [Entity(second, second + 7, "القباني", "PER")]
    linked = link(text, tagged)
    assert linked[0].id == linked[1].id and linked[0].id.startswith("local:PER:")


def test_link_stage_rewrites_entities_only():
    text = "وقال بوتين إن موسكو مستعدة للحوار."
    article = Article("a1", Source(), text, entities=tag(text, ("بوتين", "PER")))
    original = list(article.entities)

    class Tagged(Stage):
        name = "entities"
        provides = ("entities",)

        def process(self, article: Article) -> Article:
            return article

    pipeline = Pipeline.of([Tagged(), LinkStage()])
    for stage in pipeline.stages:
        article = stage.process(article)
    assert article.text == text
    assert original[0].id is None  # the tagger's list was not changed in place
    assert by_text(article.entities)["بوتين"].id == "Q7747"
    assert by_text(article.entities)["موسكو"].label == "LOC"
    assert_spans(text, article.entities)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("وصل الوفد إلى العاصمة الأردنية عمّان مساء أمس.", "عمّان", "gn:250441"),  # shadda: the city
        ("عمان - أعلنت الحكومة عن خطة جديدة للنقل.", "عمان", "gn:250441"),  # a dateline
        ("مسقط - عمان - قال الوزير إن المحادثات ستستأنف.", "عمان", "Q842"),  # Muscat right before
        ("شهدت عمان مسيرة حاشدة وسط العاصمة الأردنية.", "عمان", "gn:250441"),
        ("ورحب وزير الخارجية العماني بالبيان، وقال إن عمان ستواصل الوساطة.", "عمان", "Q842"),
    ],
)
def test_context_tells_amman_from_oman(text: str, surface: str, expected: str):
    start = text.rindex(surface)  # the last one: «العماني» holds «عمان» too
    linked = [e for e in link(text, [Entity(start, start + len(surface), surface, "LOC")]) if e.start == start]
    assert linked[0].id == expected


def test_georgia_next_to_governor_is_the_us_state():
    state = "وأعلن حاكم جورجيا حالة الطوارئ بعد الإعصار."
    country = "وشهدت جورجيا احتجاجات واسعة في العاصمة تبليسي."
    assert by_text(link(state, tag(state, ("جورجيا", "LOC"))))["جورجيا"].id == "mr:georgia-us-state"
    assert by_text(link(country, tag(country, ("جورجيا", "LOC"))))["جورجيا"].id == "mr:country-ge"


def test_disambiguation_rules_name_registry_entities():
    from marsad.analyse.linking.disambiguation import rules
    from marsad.analyse.linking.registry import registry

    ids = {rule.id for found in rules().values() for rule in found}
    assert ids and ids <= set(registry().entities)


def test_dateline_credit_is_the_agency():
    text = "عمّان - (بترا) - استقبل الملك ضيوفه."
    credit = by_text(link(text, tag(text, ("بترا", "LOC"))))["بترا"]
    assert (credit.id, credit.label) == ("mr:petra", "ORG")


def test_a_name_that_starts_with_a_trigger_word_is_looked_up_whole():
    text = "وقال المدير العام للوكالة الدولية للطاقة الذرية إن التفتيش سيستأنف."
    start = text.index("وكالة")
    surface = "وكالة الدولية للطاقة الذرية"
    linked = link(text, [Entity(start, start + len(surface), surface, "ORG")])
    assert by_text(linked)[surface].id == "mr:iaea"


def test_a_place_with_a_demonym_lies_in_that_country():
    text = "وتعاني منطقة الجزيرة السورية من شح المياه."
    linked = by_text(link(text, tag(text, ("الجزيرة السورية", "LOC"))))
    assert linked["الجزيرة السورية"].id.startswith("local:LOC:")  # not Algiers («الجزيرة» in GeoNames)


def test_chancellor_is_the_head_of_government():
    text = "وقال المستشار الألماني إن بلاده ستزيد الإنفاق الدفاعي."
    assert by_text(link(text, [], published="2025-06-10"))["المستشار الألماني"].id == "mr:friedrich-merz"
