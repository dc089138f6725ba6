"""The check-in service: who may reflect, when, what counts as an answer, who sees it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.checkins import (
    completion,
    parse_pause,
    reflections_for_export,
    submit_reflection,
)
from bot.db import session_scope
from bot.errors import CohortError
from bot.models import Module, Programme
from tests.outbox_builders import build_programme, london

AMARA, ORGANISER = "U07PART0001", "U07ORG00001"
OPEN = london("2027-01-17 10:00")  # module 1 ended on the 15th; the round opened on the 16th


@pytest.fixture
def module_id(db: Engine) -> int:
    build_programme(db, checkins=True)
    with session_scope(db) as session:
        module = session.exec(select(Module)).one()
        assert module.id is not None
        return module.id


def submit(
    db: Engine,
    module_id: int,
    answers: dict[str, object],
    *,
    who: str = AMARA,
    when: datetime = OPEN,
) -> None:
    with session_scope(db) as session:
        submit_reflection(
            session,
            module_id=module_id,
            slack_id=who,
            answers=answers,
            share_with_mentor=False,
            now=when,
        )


@pytest.mark.parametrize(
    ("answers", "who", "when", "message"),
    [
        ({"insight": "x", "confidence": 9}, AMARA, OPEN, "confidence: choose a number from 1 to 5"),
        ({"insight": " ", "confidence": 3}, AMARA, OPEN, "insight: please write a few words"),
        ({"insight": "x", "confidence": 3, "extra": "y"}, AMARA, OPEN, "extra: not one of"),
        (
            {"insight": "x", "confidence": 3},
            ORGANISER,
            OPEN,
            "reflections are for the programme's participants",
        ),
        ({"insight": "x", "confidence": 3}, "U0NOBODY01", OPEN, "you are not in"),
        ({"insight": "x", "confidence": 3}, AMARA, OPEN - timedelta(days=2), "not open yet"),
        ({"insight": "x", "confidence": 3}, AMARA, OPEN + timedelta(days=14), "closed on"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_stored(
    db: Engine, module_id: int, answers: dict[str, object], who: str, when: datetime, message: str
) -> None:
    """Each rule gives one clear message and stores nothing."""
    with pytest.raises(CohortError, match=message):
        submit(db, module_id, answers, who=who, when=when)
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        assert [c.answered for c in completion(session, programme=programme, now=OPEN)] == [0]


def test_export_only_when_shared_with_organisers(db: Engine, module_id: int) -> None:
    """Private by default; once the programme shares them, one row per reflection."""
    submit(db, module_id, {"insight": "Listen first.", "confidence": "4"})
    with session_scope(db) as session:
        programme = session.exec(select(Programme)).one()
        with pytest.raises(CohortError, match="does not share reflections"):
            reflections_for_export(session, programme=programme)
        programme.share_reflections_with_organisers = True
        [row] = reflections_for_export(session, programme=programme)
        assert completion(session, programme=programme, now=OPEN)[0].answered == 1
    assert (row["slack"], row["answers"]) == (AMARA, {"insight": "Listen first.", "confidence": 4})


def test_pause_durations() -> None:
    """`2w` pauses for two weeks, `off` resumes, nonsense and very long pauses are refused."""
    assert parse_pause("2w", OPEN) == OPEN + timedelta(weeks=2)
    assert parse_pause("off", OPEN) is None
    with pytest.raises(CohortError, match="is not a duration"):
        parse_pause("a while", OPEN)
    with pytest.raises(CohortError, match="at most 26 weeks"):
        parse_pause("30w", OPEN)
