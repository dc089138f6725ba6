"""This week's session, what the programme is in the organisers' own words, who runs it,
and what a "who is the…?" answer must name. Each case is a question a writer who never
saw the answerer put to a benchmark programme (bench/questions/README.md, eighth round)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import intents
from bot.db import session_scope
from tests.answering.helpers import (
    ask,
    assert_answered_from,
    assert_handed_on,
    load_bench,
    match,
)

SCHOOLS = "school-business-leaders-2027"
IMAGING = "imaging-leaders-2027"
BEREAVEMENT = "bereavement-services-leaders-2027"
APHA = "apha-field-vet-leaders-2027"
WHITEHALL = "whitehall-policy-leaders-2027"
DENTAL = "dental-service-leaders-2027"
SLC = "slc-ops-team-leaders-2027"
FSA = "fsa-inspection-team-leaders-2027"


@pytest.mark.parametrize(
    ("programme", "question", "at", "expected"),
    [
        # this week, next week: Monday to Sunday, as tomorrow is a day
        (BEREAVEMENT, "what's happening next week?", "2027-07-01 09:15", "module:7"),
        (APHA, "what time does this week's session start", "2027-04-12 08:00", "module:4"),
        (IMAGING, "is this week's session online?", "2027-02-15 08:00", "module:2"),
        # "can you remind me…" asks the bot; it is not asking permission
        (SCHOOLS, "can you remind me what the last module covered? doing my reflection",
         "2027-03-16 09:00", "module:3"),
        # the organisers wrote an entry on what the programme is: it is the answer
        (IMAGING, "can you give me an overview of the imaging leaders programme?", None,
         "faq:what-is-it"),
        (SCHOOLS, "hi quick one - what actually is this programme? my head signed me up",
         None, "faq:what-is-it"),
        (BEREAVEMENT, "can someone give me the elevator pitch for the BSLP, need to explain "
         "it to my team", None, "faq:what-is-it"),
        # who's in charge of the programme is the organisers
        (APHA, "who's in charge of the FVTL programme?", None, "programme"),
        # who is speaking at a module named by its title: the module's speakers
        (APHA, "who's speaking at the showcase in London", None, "module:7"),
        # a role asked for is the contact who holds it (or whose topics name it)
        ("sexual-health-hiv-leaders-2027", "who's the clinical lead on the programme?", None,
         "contact:Dr Owen Pryce"),
        ("district-nursing-leaders-2027", "Who's the PNA lead for the programme?", None,
         "contact:Lindsey Marsh"),
        # using annual leave for the modules asks whether they are work time
        ("district-nursing-leaders-2027", "do I have to use annual leave for this?", None,
         "faq:study-leave"),
        # a deadline of what the module asks you to prepare
        (APHA, "deadline for the 360 feedback?", None, "module:1"),
        # "mod 5 morning" is module 5 (not "module, one morning or two?")
        (DENTAL, "is mod 5 morning or afternoon?", None, "module:5"),
        # the next module held that way
        (DENTAL, "where is the next face to face one?", "2027-06-01 10:00", "module:6"),
        (SCHOOLS, "when's the next online session?", "2027-03-01 10:00", "module:5"),
        # what a module named by its place is about: the module, not an entry worded alike
        ("sexual-health-hiv-leaders-2027", "what's the module in Bristol about?", None,
         "module:6"),
        # the programme's name said in full is the programme
        (FSA, "who's the programme team for Leading Official Controls?", None, "programme"),
        ("visitor-experience-leaders-2027", "who's on the programme team? want to drop them "
         "a thank you after module 1", None, "programme"),
        ("district-nursing-leaders-2027", "can someone explain what the leading DN teams "
         "programme involves", None, "faq:what-is-it"),
        # "can't remember" is chat; "four or five one-hour conversations" is how often
        ("highways-parking-leaders-2027", "is there a module this week? can't remember if "
         "it's this wednesday or next", "2027-03-15 09:00", "module:3"),
        ("district-nursing-leaders-2027", "how does the mentoring work? how often should we "
         "meet", None, "faq:mentoring"),
    ],
)  # fmt: skip
def test_answered_from(
    db: Engine, programme: str, question: str, at: str | None, expected: str
) -> None:
    assert_answered_from(db, programme, question, at, expected)


@pytest.mark.parametrize(
    "question",
    # with or without a module noun: not the FAQ entry on the *next* cohort's applications
    ["is there a module next week?", "what's on next week?"],
)
def test_a_week_with_no_module_says_so_and_gives_the_next(db: Engine, question: str) -> None:
    load_bench(db, BEREAVEMENT)
    answer = ask(db, question, programme=BEREAVEMENT, at="2027-01-04 10:00")
    assert answer.answered
    assert answer.text.startswith("There is no module next week; the next one is below.")
    assert answer.sources[0].label == "module:1"


def test_the_deadline_is_the_one_the_module_gives(db: Engine) -> None:
    load_bench(db, BEREAVEMENT)
    answer = ask(db, "what's the deadline for the leadership style questionnaire?",
                 programme=BEREAVEMENT)  # fmt: skip
    assert answer.sources[0].label == "module:1"
    assert "questionnaire (link in the cohort channel) by 12 January" in answer.text


def test_which_participant_am_i_mentoring(db: Engine) -> None:
    load_bench(db, APHA)
    with session_scope(db) as session:
        match(session, APHA, mentor="U0AFVM0003", mentee="U0AFVP0004")
    answer = ask(db, "can you remind me which team leader I'm mentoring", programme=APHA,
                 asker="U0AFVM0003")  # fmt: skip
    assert answer.answered
    assert answer.sources[0].label == "mentor:U0AFVP0004"


def test_which_people_needs_a_person_not_two_capitalised_words(db: Engine) -> None:
    """The policy labs entry speaks of "the Permanent Secretary and a panel of directors
    general", and names no one of them."""
    load_bench(db, WHITEHALL)
    answer = ask(db, "which DGs are on the policy lab panel?", programme=WHITEHALL)
    assert not answer.answered


@pytest.mark.parametrize(
    ("programme", "question"),
    [
        # a sum of money: "claim mileage at the policy rate within 30 days" gives none
        (SLC, "what's the mileage rate per mile?"),
        (SLC, "how much is the evening meal allowance exactly?"),
        # a length: "recordings are on the platform" does not say for how long
        (SCHOOLS, "how long do you keep the recordings of the online sessions for?"),
        (FSA, "what's the current FSA mileage rate per mile?"),
        # a person asked for, and the entry names only who runs the presentations
        (FSA, "who exactly is on the panel for the project presentations?"),
        # a contact named in passing is not what "what time is the train…?" asks
        (SLC, "what time is the train Rhys has booked me on?"),
        # the asker's own group: the FAQ, written for everyone, cannot know it
        (SLC, "which improvement challenge group am I in?"),
        # the entry says a hotel is booked, and names none
        ("highways-parking-leaders-2027", "what's the name of the hotel in Salford?"),
        ("visitor-experience-leaders-2027", "what's the name of the hotel in York?"),
        # a passcode is not a postcode
        ("harbour-port-leaders-2027", "what's the zoom passcode for module 4?"),
        # the time registration opens is not the time the module starts
        ("env-health-leaders-2027", "what time does registration open for the nottingham day?"),
    ],
)
def test_an_entry_near_the_topic_that_does_not_give_what_is_asked(
    db: Engine, programme: str, question: str
) -> None:
    assert_handed_on(db, programme, question)


def test_the_programme_s_name_with_a_small_word_inside_it() -> None:
    """ "Heart of England" is the programme's name, said as "the programme", so that the
    questions about the programme recognise it; one small word between two of its words."""
    name_words = frozenset({"heart", "england", "leaders"})
    assert intents.programme_named("who runs heart of england leaders", name_words) == (
        "who runs the programme"
    )
    assert intents.programme_named("is the heart ok", name_words) == "is the heart ok"
