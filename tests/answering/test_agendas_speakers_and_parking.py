"""What is on a module's agenda, who is delivering it, where it is based, a Teams option,
a session pointed to ("yesterday's", "tomorrow"), a twilight, parking that the FAQ speaks
of only as something paid for, who can see a reflection, cover that no contact's topics
name, a partner, a parking space, internet access, who may tag along, "each term", and
contacts: a point of contact, a reporter to put in touch, someone to get hold of. Each
case is a question a writer who never saw the answerer put to a benchmark programme
(bench/questions/README.md, twelfth round and before)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks, intents
from bot.answering.text import concept
from tests.answering.helpers import (
    LONDON,
    RISE,
    ask,
    assert_answered_from,
    assert_handed_on,
    load_examples,
)


@pytest.mark.parametrize(
    ("programme", "question", "at", "expected"),
    [
        # "on the agenda for" a module asks what it covers
        ("school-business-leaders-2027", "what's on the agenda for module 5? will we look at "
         "risk registers?", None, "module:5"),
        ("fsa-inspection-team-leaders-2027", "what's on the agenda for the data and assurance "
         "module", None, "module:6"),
        # who is delivering it: its speakers
        ("slc-ops-team-leaders-2027", "who's delivering the inclusive leadership module?", None,
         "module:5"),
        # a Teams option is joining online: the FAQ's policy on it
        ("water-regulation-leaders-2027", "is there a teams option for the leeds module? "
         "childcare that week is a nightmare", None, "faq:online"),
        # the asking part asks only what the schedule says of the session pointed to
        ("regulatory-leaders-scotland-2027", "I missed yesterday's session, what was it about",
         "2027-06-10 09:00", "module:4"),
        ("maternity-leaders-2027", "sim day tomorrow!! what time do we start?",
         "2027-09-21 21:45", "module:7"),
        # a twilight is a (short, after-school) session
        ("new-heads-2027", "when's the budgets twilight", None, "module:2"),
        ("ne-nature-recovery-leaders-2027", "where exactly is the Norfolk module based?", None,
         "module:5"),
        # a point of contact; a reporter is the press, whom a contact's topics name
        ("dms-healthcare-leaders-2027", "who's the POC for site access and visitor passes?",
         None, "contact:Gareth Pryce"),
        ("highways-parking-leaders-2027", "a reporter from our local paper has asked about the "
         "programme - who should I put them in touch with?", None,
         "contact:Lorraine Pickersgill"),
        # "who covers…" names no contact's topic: the FAQ on backfill says
        ("district-nursing-leaders-2027", "who covers my caseload while I'm at the sessions? "
         "we're already 2 WTE down", None, "faq:backfill"),
        # words that name a thing another way: a partner, parking, wifi
        ("housing-women-leaders-2027", "can my other half stay with me at the hotel?", None,
         "faq:partners"),
        ("county-leaders-2027", "can I get a parking space", None, "faq:parking"),
        # "you cannot bring anyone who is not on the list" says who may come
        ("border-force-leaders-2027", "Can my SO tag along on the port visit with us?", None,
         "faq:port-visit"),
        # "each term" says how often
        ("fe-leaders-2027", "whats a triad and how often does mine meet", None, "faq:triads"),
        # "only you" answers whether a manager can see a reflection
        ("district-nursing-leaders-2027", "can my manager see what i write in the "
         "reflections?", None, "faq:reflections"),
    ],
)  # fmt: skip
def test_answered_from(
    db: Engine, programme: str, question: str, at: str | None, expected: str
) -> None:
    assert_answered_from(db, programme, question, at, expected)


def test_parking_paid_for_is_not_parking_there(db: Engine) -> None:
    """The entry on expenses asks "Is parking reimbursed?": it says whether parking is
    paid, not whether the venue has any."""
    load_examples(db, london=True)
    for question in ("is there parking at toynbee hall?", "Can I park at London Councils?"):
        assert not ask(db, question, programme=LONDON).answered, question
    paid = ask(db, "is parking reimbursed?", programme=LONDON)
    assert paid.answered
    assert paid.sources[0].label == "faq:expenses"


@pytest.mark.parametrize(
    ("programme", "question"),
    [
        # the expenses entry says travel is claimed; of car parks it says nothing
        ("sexual-health-hiv-leaders-2027", "Is there a car park at The Studio in Birmingham?"),
        # "the agenda for day 2" asks for the day's timetable, which the schedule lacks
        ("blood-service-leaders-2027", "what's the hour by hour agenda for day 1 at filton"),
        # a person was asked for, and no contact's topics say rooms: not the quiet room
        ("county-leaders-2027", "who do I contact about my room"),
    ],
)
def test_handed_on(db: Engine, programme: str, question: str) -> None:
    assert_handed_on(db, programme, question)


def test_internet_access_is_the_wifi(db: Engine) -> None:
    load_examples(db, london=True)
    wifi = ask(db, "Will there be internet access at the venue?", programme=LONDON)
    assert wifi.answered  # internet access, not access for a wheelchair
    assert wifi.sources[0].label == "faq:wifi"


def test_getting_hold_of_someone_named(db: Engine) -> None:
    load_examples(db)
    answer = ask(db, "how do I get hold of Nadia", programme=RISE)
    assert answer.answered
    assert answer.sources[0].label == "contact:Nadia Chowdhury"
    assert "nadia.chowdhury@example.org" in answer.text


def test_meeting_up_again_is_the_next_module(db: Engine) -> None:
    load_examples(db)
    answer = ask(db, "when do we all meet up again for a module?", at="2027-04-01 09:00")
    assert answer.answered
    assert answer.sources[0].label == "module:3"


def test_a_reporter_is_the_press_not_a_report() -> None:
    assert concept("reporter") == concept("press") == concept("media")
    assert concept("reporter") != concept("report")


def test_who_sees_is_not_who_comes() -> None:
    assert checks.focus_words("can my manager see what i write in the reflections") == []
    assert checks.focus_words("can my husband come to the graduation") == ["husband"]


def test_how_often_each_term() -> None:
    assert checks.provides("Each term you host the other two for a learning walk.", {"frequency"})
    assert checks.provides("The sets meet termly.", {"frequency"})


def test_ways_of_asking_for_a_contact() -> None:
    assert intents.asks_contact_details("how do i get hold of nadia")
    assert intents.asks_contact_details("how do i get in touch with leon")
    assert intents.CONTACT.search("who should i put them in touch with")
    assert intents.CONTACT.search("who should i refer them to about parking")
