"""Questions asked on the way, in passing: the schedule, people, words typed as names.
Each case is a question a writer who never saw the answerer put to a benchmark programme
(bench/questions/README.md, seventh round)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks, intents
from bot.answering.judge import FRAMING
from bot.answering.text import Analyzer, concept
from bot.db import session_scope
from tests.answering.helpers import (
    LONDON,
    ask,
    assert_answered_from,
    load_bench,
    load_examples,
    match,
)

MATERNITY = "maternity-leaders-2027"
ELECTIONS = "elections-leaders-2027"
ENV_HEALTH = "env-health-leaders-2027"
RAIL = "rail-ops-leaders-2027"
BLOOD = "blood-service-leaders-2027"
AMBULANCE = "ambulance-leaders-2027"


@pytest.mark.parametrize(
    ("programme", "question", "at", "expected"),
    [
        # on the way there: the sat nav, "remind me", "heading up to", "tmrw"
        (MATERNITY, "address for kents hill park pls, putting it in the satnav", None, "module:1"),
        (RAIL, "heading up to glasgow tomorrow, remind me the address?", "2027-06-28 19:00",
         "module:6"),
        (ELECTIONS, "off to leeds tmrw, remind me what time kick-off is?", "2027-01-25 18:30",
         "module:1"),
        # "teams or in person" asks how to attend; "this afternoon" is today
        (ELECTIONS, "is tomorrow's session teams or in person?", "2027-02-16 16:50", "module:2"),
        (ENV_HEALTH, "what time is this afternoon's session", "2027-05-18 09:00", "module:5"),
        (MATERNITY, "what's mod 7 actually involve? bit nervous about sim if i'm honest", None,
         "module:7"),
        # the words that named a module say which, once both rankers agree on the entry
        (AMBULANCE, "how do I claim mileage from Hull to the Leeds day?", None, "faq:travel"),
        # a place the programme goes to is where, not what is asked
        (RAIL, "suit or smart casual for coventry", None, "faq:dress-code"),
        (BLOOD, "uniform or own clothes for filton", None, "faq:dress-code"),
        # how far ahead asks when; a word count is a number of words; "minimum" frames
        (MATERNITY, "how far in advance do i need to let someone know im vegan for the "
         "dinner at mod 1", None, "faq:dietary"),
        (ELECTIONS, "what's the word count on the assignment", None, "faq:assignment"),
        (ELECTIONS, "what's the minimum attendance to pass / get the award?", None,
         "faq:accreditation"),
        # who to ask about a mentor is a contact, not the mentor
        (ELECTIONS, "who do i talk to if my mentor match isn't working out", None,
         "contact:Rhiannon Pryce"),
        (BLOOD, "who's the right person if the joining link doesn't work", None,
         "contact:Femi Adeleke"),
        # the team running it is the organisers, not the helpdesk that shares its name
        (RAIL, "who's in the ops academy team running this, so i know who to look out for",
         None, "programme"),
    ],
)  # fmt: skip
def test_questions_asked_in_passing(
    db: Engine, programme: str, question: str, at: str | None, expected: str
) -> None:
    assert_answered_from(db, programme, question, at, expected)


def test_the_programme_s_name_does_not_name_a_contact(db: Engine) -> None:
    """ROLP is the Route Operations Leadership Programme, not the Ops Academy Helpdesk."""
    load_bench(db, RAIL)
    answer = ask(db, "what's the grading of the ROLP certificate - pass/merit/distinction?",
                 programme=RAIL)  # fmt: skip
    assert not answer.answered


def test_a_mentor_asked_for_in_passing(db: Engine) -> None:
    load_bench(db, ELECTIONS)
    with session_scope(db) as session:
        match(session, ELECTIONS, mentor="U0ERDM0003", mentee="U0ERDP0005")
    for question in ("been told i've got a mentor - who is it?", "mentor name pls"):
        answer = ask(db, question, programme=ELECTIONS, asker="U0ERDP0005")
        assert [s.label for s in answer.sources] == ["mentor:U0ERDM0003"], question


@pytest.mark.parametrize(
    ("question", "mentor", "mentees", "organisers"),
    [
        ("has a mentor been sorted for me yet", True, False, False),
        ("which session managers have i been matched with", True, False, False),
        ("have i been allocated any mentees yet", False, True, False),
        ("who have i been asked to mentor this year", False, True, False),
        ("who do i talk to if my mentor match is not working out", False, False, False),
        ("mentor meetings how often", False, False, False),
        ("which organisation runs this and who are the main people", False, False, True),
        ("who actually runs this programme want to send a thank you", False, False, True),
        ("who runs this session", False, False, False),
    ],
)
def test_people_questions_by_their_shape(
    question: str, mentor: bool, mentees: bool, organisers: bool
) -> None:
    assert intents.asks_mentor(question) is mentor
    assert intents.asks_mentees(question) is mentees
    assert intents.asks_organisers(question) is organisers


def test_till_and_minimum_frame_a_question() -> None:
    """ "How long till the next one?", "the minimum attendance": no topic of their own."""
    assert {concept("till"), concept("minimum")} <= FRAMING


def test_someone_to_talk_to_about_a_topic_is_a_contact_question() -> None:
    assert intents.contact_topic("is there someone i can talk to about wellbeing") == (
        "wellbeing",
        "is there",
    )
    assert intents.contact_topic("is there anyone i can talk to") is None  # no topic named


def test_names_and_acronyms_are_corrected_only_to_the_programme_s_words() -> None:
    """ "Brum" is not "bum", nor "Bodmin" "bodkin", nor "NHSE" "nose"; a misspelt venue
    of the programme's own is still corrected."""
    analyzer = Analyzer(["Module 1 is at Chippenham."])
    assert "brum" in analyzer.analyse("what to wear for the days in Brum?").words
    assert "bodmin" in analyzer.analyse("a long drive from Bodmin").words
    assert "nhse" in analyzer.analyse("is it NHSE or the academy?").words
    assert "chippenham" in analyzer.analyse("how do I get to Chipenham?").words


def test_a_venue_s_common_word_is_no_place(db: Engine) -> None:
    """ "The assessment *centre*" names no place the programme goes to."""
    load_bench(db, "police-command-2027")
    question = "What's the pass mark for the superintendent assessment centre?"
    assert not ask(db, question, programme="police-command-2027").answered


def test_a_pass_mark_needs_a_mark(db: Engine) -> None:
    """ "Pass the work-based assignment" says there is a pass, not what the mark is."""
    load_bench(db, ELECTIONS)
    assert not ask(db, "what's the pass mark for the ILM assignment", programme=ELECTIONS).answered
    assert checks.provides("You pass with 50% or more.", checks.expected_kinds("pass mark?"))


def test_a_deadline_needs_a_date(db: Engine) -> None:
    """The entry on the system challenge says what it is, not when the write-up is due."""
    load_examples(db, london=True)
    answer = ask(db, "What's the deadline for the system challenge write-up?", programme=LONDON)
    assert not answer.answered
