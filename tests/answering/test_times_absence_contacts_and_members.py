"""The modules' usual times, the time it takes, being ill, a contact by the topic said
whole, joining online rather than travelling, a mentor match not working, a module named
only in passing, who is in a group, a link, a claim and a shuttle bus. Each case is a
question a writer who never saw the answerer put to a benchmark programme
(bench/questions/README.md, tenth round and before)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks
from bot.answering.text import concept
from tests.answering.helpers import assert_answered_from, assert_handed_on

MMO = "mmo-coastal-leaders-2027"
OS = "os-geospatial-leaders-2027"
NATURE = "ne-nature-recovery-leaders-2027"
RPA = "rpa-operational-leaders-2027"


@pytest.mark.parametrize(
    ("programme", "question", "expected"),
    [
        # the FAQ's usual start and finish times, not every module's dates
        (MMO, "wat time do the modules start", "faq:times"),
        (OS, "What are the start and finish times for the modules?", "faq:times"),
        (OS, "when are the modules?", "programme"),  # dates: the list of modules
        (NATURE, "what does the nature recovery leaders programme involve?", "faq:what-is-it"),
        # ill, whatever the words: what to do when missing a module
        (NATURE, "Feeling rough, won't make York tomorrow - what do I do?", "faq:missing-module"),
        (OS, "I've come down with covid the day before module 3, what should I do?",
         "faq:missing-module"),
        (MMO, "If I'm off sick for one of the modules will I fail the programme",
         "faq:missing-module"),
        # a module's place says where, not what: hotels, not "London building access"
        (OS, "who do I talk to about hotels for the London module?", "contact:Marcus Okonjo"),
        # "caring responsibilities", a topic said whole, beats "overnight" (hotels)
        (OS, "I've got caring responsibilities which make the overnight in Castleton tricky - "
         "who should I talk to?", "contact:Priya Sandhu"),
        # joining online rather than travelling, to a module with no link: the FAQ's policy
        (RPA, "can I dial in to module 2 rather than travel up to Newcastle",
         "faq:online-sessions"),
        (MMO, "can I dial into module 4 remotely rather than travel to Lowestoft?",
         "faq:online-modules"),
        # a mentor match that is not working, in looser words
        (NATURE, "my mentor and I aren't really gelling, can I ask for someone else?",
         "faq:change-mentor"),
        (OS, "my mentor and I aren't a great fit, can I ask for someone else?",
         "faq:change-mentor"),
        (NATURE, "are my reflections visible to Ruth and Owain?", "faq:reflections"),
        # the time it takes, on top of the day job, out of the business, a month
        (MMO, "how much time realistically does this take on top of the day job? caseload is "
         "already heaving", "faq:time-commitment"),
        (RPA, "how many days out of the business is this realistically? need to plan cover "
         "for my team across the claim window", "faq:time-commitment"),
        (RPA, "roughly how many hrs a month on top of the modules??", "faq:time-commitment"),
        (RPA, "is mileage claimable if i drive to stoneleigh, and which cost centre does it go "
         "against", "faq:travel-subsistence"),
        # a module named only as context, nothing of it asked: the entry that explains all
        ("care-managers-2027", "how much backfill do we get for module 4", "faq:backfill"),
        ("county-leaders-2027", "can my chief exec come along to the modules?", "faq:officers"),
        # "45p a mile" is the rate asked for
        ("housing-women-leaders-2027", "what's the mileage rate?", "faq:expenses"),
        # the module's "custody suite" is no suit: the dress code is the FAQ's
        ("court-managers-2027", "dress code for the cardiff day?", "faq:dress-code"),
        # ID, not "I'd": the entry on getting into the building
        ("whitehall-policy-leaders-2027", "what ID do i need for the abbey gardens venue",
         "faq:building-access"),
    ],
)  # fmt: skip
def test_answered_from(db: Engine, programme: str, question: str, expected: str) -> None:
    assert_answered_from(db, programme, question, None, expected)


@pytest.mark.parametrize(
    ("programme", "question"),
    [
        # the entry on the challenge groups names the director who supports them, not the
        # members of anyone's group, nor the panel
        (NATURE, "who's in my landscape challenge group?"),
        (NATURE, "Which directors are on the panel at module 6?"),
        # the entry on action learning says the sets meet on Teams, and gives no link
        (RPA, "What's the Teams link for my ALS meeting next week?"),
        # the kit list says what to bring, not whether it can be claimed
        (OS, "can I expense new walking boots for the field module?"),
        # the entry on getting to Explorer House speaks of taxis and stations: travel, as a
        # shuttle bus is, but it says nothing of one
        (OS, "Is there a shuttle bus from Southampton Airport Parkway to Explorer House?"),
        # the module's speakers are not the suppliers on its panel
        ("midlands-nhs-procurement-leaders-2027", "who are the suppliers on the module 5 panel?"),
        # a use of force refresher is not refreshments
        (
            "prison-probation-leaders-2027",
            "Do I need to be in date on my use of force refresher to do the wing walk?",
        ),
    ],
)
def test_an_entry_on_the_topic_that_does_not_say(db: Engine, programme: str, question: str) -> None:
    assert_handed_on(db, programme, question)


def test_words_that_share_a_stem_with_a_synonym_but_not_its_meaning() -> None:
    assert concept("suite") != concept("suit")
    assert concept("information") != concept("informal")
    assert concept("allowed") != concept("allowance")
    assert concept("passes") != concept("pass")
    assert concept("weds") == concept("wednesday")
    assert concept("casual") == concept("informal")  # still dress


def test_a_shuttle_bus_is_either_word() -> None:
    assert checks.existence_words("is there a shuttle bus from the station") == ["shuttle", "bus"]


def test_asking_for_a_sum() -> None:
    """ "How much is…" reads "how cost…" once the lexicon has rewritten it."""
    assert "sum" in checks.expected_kinds("how cost the leeds hotel per night")
    assert "sum" in checks.expected_kinds("how cost is it for the day")
    assert "sum" not in checks.expected_kinds("how cost is the programme")  # who pays will do


def test_asking_for_a_link() -> None:
    assert "link" in checks.expected_kinds("what is the teams link for my als meeting")
    assert "link" in checks.expected_kinds("can someone drop the link for module 4")
    assert "link" not in checks.expected_kinds("does the project have to link to the priorities")
    assert checks.provides("The joining link is in the reminders.", {"link"})
    assert not checks.provides("Each set meets monthly on Teams.", {"link"})


@pytest.mark.parametrize(
    ("programme", "question", "at", "expected"),
    [
        ("maternity-leaders-2027", "what's next after the civility session? need to get it in "
         "the diary", "2027-03-01 08:05", "module:3"),
        ("rail-ops-leaders-2027", "when's the next module after glasgow? summer timetable is "
         "killing us", "2027-07-15 10:00", "module:7"),
    ],
)  # fmt: skip
def test_the_next_module_after_one_named(
    db: Engine, programme: str, question: str, at: str, expected: str
) -> None:
    assert_answered_from(db, programme, question, at, expected)


def test_asks_members() -> None:
    assert checks.asks_members("who is in my action learning set")
    assert checks.asks_members("which directors sit on the panel")
    assert checks.asks_members("who are the suppliers on the module 5 panel")
    assert not checks.asks_members("who runs the action learning sets")
    assert not checks.asks_members("how big are the groups")
