"""The modules' usual times, being ill, a contact by the topic said whole, and who is in
a group. Each case is a question a writer who never saw the answerer put to a benchmark
programme (bench/questions/README.md, tenth round)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.answering import checks
from tests.answering.helpers import ask, assert_answered_from, load_bench

MMO = "mmo-coastal-leaders-2027"
OS = "os-geospatial-leaders-2027"
NATURE = "ne-nature-recovery-leaders-2027"


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
    ],
)  # fmt: skip
def test_answered_from(db: Engine, programme: str, question: str, expected: str) -> None:
    assert_answered_from(db, programme, question, None, expected)


@pytest.mark.parametrize(
    "question",
    [
        # the entry on the challenge groups names the director who supports them, not the
        # members of anyone's group, nor the panel
        "who's in my landscape challenge group?",
        "Which directors are on the panel at module 6?",
    ],
)
def test_who_the_members_are_is_not_in_the_faq(db: Engine, question: str) -> None:
    load_bench(db, NATURE)
    assert not ask(db, question, programme=NATURE).answered


def test_asks_members() -> None:
    assert checks.asks_members("who is in my action learning set")
    assert checks.asks_members("which directors sit on the panel")
    assert not checks.asks_members("who runs the action learning sets")
    assert not checks.asks_members("how big are the groups")
