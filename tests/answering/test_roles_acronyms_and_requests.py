"""A role asked for, a module named by its initials, a request for the link, and the
programme in a nutshell. Each case is a question a writer who never saw the answerer put
to a benchmark programme (bench/questions/README.md, ninth round and before)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks
from bot.answering.modules import title_acronyms
from tests.answering.helpers import ask, assert_answered_from, assert_handed_on, load_bench

DMS = "dms-healthcare-leaders-2027"
WATER = "water-regulation-leaders-2027"
PROCUREMENT = "midlands-nhs-procurement-leaders-2027"


@pytest.mark.parametrize(
    ("programme", "question", "expected"),
    [
        # "The Procurement Act and the Provider Selection Regime in Practice"
        (PROCUREMENT, "who's presenting at the PSR session?", "module:2"),
        # a request for the link: "drop" is not a topic the module leaves unexplained
        (DMS, "can someone drop the teams link for module 4 please", "module:4"),
        # what the programme is, however it is asked
        (DMS, "Can someone give me the elevator pitch for the DMS leadership prog? Need to "
         "explain to the practice why I'm away so much", "faq:what-is-it"),
        (WATER, "what's the point of this programme in a nutshell? my director's asked me "
         "to explain it at SMT", "faq:what-is-it"),
        (PROCUREMENT, "can someone explain in a sentence or two what this programme is? "
         "need to put it in my appraisal paperwork", "faq:what-is-it"),
        # "attached to this" is the programme, said in passing
        ("west-yorkshire-bus-leaders-2027", "is there an ILM qualification attached to this?",
         "faq:ilm"),
        # who is behind it, and who to speak to on the programme team, names no topic
        (WATER, "who's behind this programme - who do I speak to on the programme team?",
         "programme"),
    ],
)  # fmt: skip
def test_answered_from(db: Engine, programme: str, question: str, expected: str) -> None:
    assert_answered_from(db, programme, question, None, expected)


@pytest.mark.parametrize(
    ("programme", "question"),
    [
        # the ILM entry mentions "an SLC assessor" and, a sentence later, who to register
        # with: it names no assessor
        ("slc-ops-team-leaders-2027", "who will be my ILM assessor?"),
        # a module found through "action learning" in its summary: its speakers are not
        # the facilitator of the asker's set
        ("dental-service-leaders-2027", "who is the facilitator for my action learning set?"),
        # the parking entry speaks of travel, and of no bus
        ("env-health-leaders-2027",
         "which bus do i get from leicester station out to meridian business park?"),
        ("imaging-leaders-2027", "Which bus is the park and ride for Soar Valley Learning Centre?"),
    ],
)  # fmt: skip
def test_a_detail_the_programme_does_not_give(db: Engine, programme: str, question: str) -> None:
    assert_handed_on(db, programme, question)


def test_am_i_matched_with_a_mentor_yet_asks_for_the_asker_s_own(db: Engine) -> None:
    """Not the FAQ entry on how mentoring works: the asker has no mentor yet, and is told."""
    load_bench(db, PROCUREMENT)
    answer = ask(db, "am I matched with a mentor yet", programme=PROCUREMENT, asker="U0MNPP0018")
    assert answer.answered
    assert answer.sources[0].label == "mentor:null"


def test_the_role_asked_for() -> None:
    assert checks.role_wanted("who will be my ilm assessor") == "assesso"
    assert checks.role_wanted("who is facilitating the sets") == "facilitating"[:7]
    assert checks.role_wanted("who is the speaker at module 2") is None  # a speaker is any
    assert checks.role_wanted("who is my mentor") is None
    named = ("Janet Kerr", "Dr Okafor")
    assert checks.names_the_role("Your assessor is Dr Okafor.", "assesso", named)
    assert not checks.names_the_role(
        "Support comes from an SLC assessor. Register with Janet Kerr.", "assesso", named
    )


def test_a_rate_named_with_a_code_still_asks_for_the_sum() -> None:
    """ "What's the current JSP 752 mileage rate?": up to four words, digits among them,
    between "the" and "rate"."""
    assert checks.expected_kinds("what the current jsp 752 mileage rate") == {"sum"}


def test_initials_of_a_title() -> None:
    title = "The Procurement Act and the Provider Selection Regime in Practice"
    assert title_acronyms(title) == ["psr"]
    assert title_acronyms("Leading Change and Legacy") == []  # no three capitalised in a row
