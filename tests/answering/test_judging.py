"""Knowing what an answer does not cover: word rarity, the asked-about thing, "which X"."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks, intents
from bot.answering.retrieval import GENERIC_CONCEPTS
from bot.answering.text import Analyzer, concept, english_rarity
from tests.answering.helpers import RISE, ask, load_bench, load_examples


@pytest.fixture
def examples(db: Engine) -> Engine:
    load_examples(db)
    return db


def test_english_rarity_orders_phrasing_words_below_topic_words() -> None:
    """Common words ("every", "happens", "answers") weigh less than topics ("creche", "gym")."""
    common = [english_rarity(w) for w in ("every", "happens", "away", "answers")]
    rare = [english_rarity(w) for w in ("creche", "gym", "overtime", "hairdresser")]
    assert max(common) < 0.5 < min(rare)
    assert english_rarity("answers") == english_rarity("answer")  # inflections count as one


def test_focus_words_are_the_heads_of_what_is_asked_about() -> None:
    """The head of the noun phrase after "is there", "can I bring" or "which" is the focus."""
    assert checks.focus_words("is there a bar at marston hall") == ["bar"]
    assert checks.focus_words("can i bring my children to the hotel") == ["children"]
    assert checks.focus_words("can i bring a council officer") == ["officer"]
    assert checks.focus_words("is there a swimming pool at the venue") == ["pool"]
    assert checks.focus_words("when is module 3") == []
    assert checks.focus_words("will the mock trial be filmed") == ["filmed"]
    assert checks.focus_words("can i bring my partner along to the dinner") == ["partner"]


def test_which_questions_need_a_particular_one_named() -> None:
    """ "which trust…" is answered by "Coventry station"-like mentions, not "another trust"."""
    assert checks.which_kind("which trust will i be placed in") == "trust"
    assert checks.which_kind("when is module 3") is None
    words = ["you", "shadow", "a", "director", "in", "another", "trust"]
    assert not checks.names_one(words, [words.index("trust")])
    words = ["it", "is", "a", "short", "walk", "from", "coventry", "station"]
    assert checks.names_one(words, [words.index("station")])


def test_a_time_relative_to_the_programme_answers_when() -> None:
    """ "after Module 1" or "two weeks before" is a time, for the answer-type check."""
    assert checks.provides("Harpreet sends the profiles after Module 1.", {"time"})
    assert checks.provides("Tell us at least two weeks before.", {"time"})
    assert not checks.provides("Yes, three coaching sessions.", {"time"})


def test_abstains_when_the_asked_about_thing_is_not_covered(examples: Engine) -> None:
    """A close FAQ entry that never mentions the thing asked about is not an answer."""
    for question in (
        "Can I bring my children to the residential?",
        "Is there a swimming pool at Hartsfield Manor?",
        "Which council will my mentor come from?",
        "will the 360 feedback debrief be recorded?",
        "Which sponsors are on the panel at the Legacy and Next Steps module?",
    ):
        answer = ask(examples, question, programme=RISE)
        assert not answer.answered, question


def test_answers_paraphrases_with_common_words_the_programme_never_uses(examples: Engine) -> None:
    """ "ill" and "when do I choose" find their entries; common unknown words do not block."""
    assert ask(examples, "what happens if I'm ill on a module day").sources[0].label == (
        "faq:missing-module"
    )
    assert ask(examples, "When do I choose my coach?").sources[0].label == "faq:coaching"


def test_acronym_plurals_idioms_and_light_nouns_fold_into_the_programme_words() -> None:
    """ "PAs" is the plural of "PA"; "hard of hearing" means deaf; "scheme" names no topic."""
    analyzer = Analyzer(["One programmed activity (PA) a week.", "Hearing loops and a buddy."])
    assert analyzer.analyse("how many PAs").concepts == analyzer.analyse("how many PA").concepts
    assert analyzer.analyse("I'm hard of hearing").concepts == analyzer.analyse("deaf").concepts
    assert analyzer.analyse("signed off sick").concepts == analyzer.analyse("miss").concepts
    assert concept("scheme") in GENERIC_CONCEPTS
    assert concept("survey") == concept("questionnaire")


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("will my chief exec see it", "will my ceo see it"),
        ("is the food veggie", "is the food vegetarian"),
        ("do i sort my own digs", "do i sort my own accommodation"),
        ("how often does the alg meet", "how often does the action learning meet"),
        ("when do i catch up with my mentor", "when do i meet with my mentor"),
        ("which day does module 1 fall on", "which day is module 1 held on"),
        ("when is our next get-together", "when is our next session"),
        ("does it count towards cpd pls", "does it count cpd"),
        ("how often does my learning set meet", "how often does my action learning set meet"),
        ("when is the media training", "when is the media learning"),
        ("can i wear trainers", "can i wear shoes"),
        ("do i need walking boots", "do i need walking footwear"),
        ("could i dial into the day", "could i online the day"),
        ("where is the first resi", "where is the first residential"),
        ("is it online or do i need to travel", "is it online or inperson"),
    ],
)
def test_everyday_wording_analyses_as_the_programme_s_words(said: str, meant: str) -> None:
    """Slang, acronyms and filler fold into the words a programme file uses."""
    analyzer = Analyzer(["Accommodation, vegetarian food, action learning sets, CEO."])
    assert analyzer.analyse(said).concepts == analyzer.analyse(meant).concepts


def test_people_questions_in_a_programme_s_own_words_are_recognised() -> None:
    """ "who runs the ADP?" asks for the organisers; "which delegate am I mentoring?" mentees."""
    assert intents.asks_organisers("who runs the adp")
    assert intents.asks_organisers("who behind this programme")
    assert not intents.asks_organisers("who leads the session")
    assert intents.asks_mentees("which delegate am i mentoring")
    assert not intents.asks_mentees("what time am i mentoring")


def test_mentor_questions_in_shorter_and_looser_words_are_recognised() -> None:
    """ "my mentor?", "who's my peer mentor?", "has anyone been lined up to mentor me?" """
    assert intents.asks_mentor("my mentor")
    assert intents.asks_mentor("who my peer mentor")
    assert intents.asks_mentor("has anyone been lined up to mentor me")
    assert not intents.asks_mentor("how often should i meet my mentor")
    assert not intents.asks_mentor("is my mentor paid")


def test_a_polite_what_is_this_programme_gets_what_the_programme_is(examples: Engine) -> None:
    """ "Can you tell me…" is politeness, not a "can I…?" question the summary never answers.
    The example programme's FAQ has an entry on what RISE is: the organisers' own words
    answer it before the summary does."""
    answer = ask(examples, "Can you tell me what this programme is?", programme=RISE)
    assert answer.sources[0].label == "faq:what-is-rise"
    assert answer.text.startswith("RISE is a year-long positive-action programme")


def test_what_is_this_programme_after_an_aside_or_as_a_request() -> None:
    """A newcomer's "what is this programme for?" after an aside, or "explain what this
    programme is"; "what is the programme for module 3" asks about a module."""
    assert intents.asks_programme_summary(
        "sorry new to this slack what is this programme actually for my ad just signed me up"
    )
    assert intents.asks_programme_summary("can someone explain what this programme is")
    assert intents.asks_programme_summary("what is this programme about")
    assert intents.asks_programme_summary("what is this fellowship")
    assert intents.asks_programme_summary(
        "can someone explain what this programme actually is my chief pharmacist signed me up"
    )
    assert intents.asks_programme_summary(
        "just been told i on this what is the operational leaders programme actually about"
    )
    assert not intents.asks_programme_summary("what is the programme for module 3")
    assert not intents.asks_programme_summary("what is the programme for the day")


def test_absence_needs_a_consequence_asked() -> None:
    """Missing a module and asking what follows; not just naming a clash or a question
    about a module."""
    assert checks.asks_about_absence("annual leave booked over the carlisle date is that a problem")
    assert checks.asks_about_absence("can my deputy go in my place for mod 4 i got a clash")
    assert not checks.asks_about_absence("what happens at module 3")
    assert not checks.asks_about_absence("if i miss module 3 can i get a refund")


def test_a_place_name_says_where_not_what_is_asked(examples: Engine) -> None:
    """A capitalised name inside a sentence ("Solihull", "Shrewsbury") is the asker's
    context, not a topic the programme never covers; a creche still is one."""
    for question, expected in (
        ("Is there a charge to Solihull for my place?", "faq:cost"),
        ("I'm based in Shrewsbury, can I claim my train fare?", "faq:expenses"),
    ):
        answer = ask(examples, question, programme=RISE)
        assert answer.sources[0].label == expected, question
    assert not ask(examples, "Is there a creche at the Exchange?", programme=RISE).answered


def test_compound_people_questions() -> None:
    """ "…and who organises it?" asks who organises the thing just named, not who runs
    the programme; "who needs to know" is a contact question whose topic comes first; a
    second question after the topic is not part of it."""
    assert not intents.asks_organisers("when does the board shadowing happen and who organises it")
    assert intents.asks_organisers("who organises this programme")
    assert intents.contact_topic("i vegan with a sesame allergy who needs to know and how far") == (
        "",
        "i vegan with a sesame allergy",
    )
    assert intents.contact_topic("who do i contact about parking and is it free") == ("parking", "")
    assert intents.asks_mentor("can you remind me who i been paired with as a mentor")
    assert intents.asks_mentor("hi been told we each get a mentor who mine")
    assert intents.asks_mentor("have i been matched with anyone for mentoring yet")
    assert intents.asks_programme_summary("sorry new to this what is the coastguard programme")


def test_asking_to_skip_is_a_permission_question_wherever_it_comes() -> None:
    assert checks.asks_permission("if we get inspected that week can i skip it")
    assert not checks.asks_permission("when is the taunton day")


def test_who_would_i_need_to_speak_to_is_a_contact_question() -> None:
    assert intents.contact_topic("if i wanted to change mentor who would i need to speak to") == (
        "",
        "if i wanted to change mentor",
    )


def test_who_wants_to_know_is_an_aside() -> None:
    """ "HR are asking", "my CD is asking…": who wants the answer, not what is asked."""
    dropped = checks.drop_asides("Finance are asking whether the council gets invoiced?")
    assert dropped.split() == ["the", "council", "gets", "invoiced?"]
    assert "asking" in checks.drop_asides("what are people asking about the dinner?")


def test_a_guest_is_what_is_asked_about_not_a_speaker(db: Engine) -> None:
    """ "Guest" is a word of the speakers aspect, but in "can I bring a guest to the
    closing dinner?" it is the thing asked about, which the food entry never mentions."""
    load_bench(db, "court-managers-2027")
    guest = ask(db, "Can I bring a guest to the closing dinner in London?",
                programme="court-managers-2027")  # fmt: skip
    assert not guest.answered


def test_the_programme_s_own_name_is_the_programme() -> None:
    """ "Who's running Arwain Diwylliant?" asks for the organisers; one name word alone, or
    generic words ("programme team"), are left as they are."""
    name = frozenset({"arwain", "diwylliant"})
    assert intents.programme_named("who running arwain diwylliant", name) == (
        "who running the programme"
    )
    assert intents.programme_named("when is arwain lle", name) == "when is arwain lle"
    assert intents.asks_organisers(intents.programme_named("who running arwain diwylliant", name))


def test_who_sends_is_a_contact_question() -> None:
    assert intents.contact_topic("who sends out the backfill claim") == ("the backfill claim", "")
