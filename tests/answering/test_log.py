"""The question log: answers, feedback, escalation, organiser answers saved as FAQ."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.answering import answer_question
from bot.answering.log import (
    learn_wording,
    log_question,
    mark_escalated,
    open_suggestion,
    question_rows,
    record_feedback,
    record_organiser_answer,
    save_as_faq,
    settle_suggestion,
    unlearn_wording,
)
from bot.db import session_scope
from bot.errors import CohortError
from bot.models import FaqEntry, FaqPhrasing, Programme, QuestionLog
from bot.privacy import forget_person
from tests.answering.helpers import RISE, ask, load_examples, local


@pytest.fixture
def examples(db: Engine) -> Engine:
    load_examples(db)
    return db


def _log(engine: Engine, question: str, asker: str = "U0EXPART01") -> int:
    with session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == RISE)).one()
        at = local("2027-01-04 10:00")
        answer = answer_question(
            session, question=question, asker=asker, at=at, programme=programme
        )
        row = log_question(
            session,
            programme_id=programme.id,
            asker=asker,
            question=question,
            answer=answer,
            at=at,
            channel="D123",
            thread_ts="1.1",
        )
        assert row.id is not None
        return row.id


def test_answer_and_feedback_are_logged(examples: Engine) -> None:
    """The answer, its source and confidence are kept; only the asker's 👍/👎 counts."""
    log_id = _log(examples, "Can I claim expenses for travel?")
    with session_scope(examples) as session:
        assert record_feedback(session, log_id=log_id, slack_id="U0EXPART02", helpful=False) is None
        record_feedback(session, log_id=log_id, slack_id="U0EXPART01", helpful=True)
    with session_scope(examples) as session:
        row = session.get(QuestionLog, log_id)
        assert row is not None
        assert (row.answered, row.source_kind, row.source_ref, row.feedback) == (
            True,
            "faq",
            "expenses",
            1,
        )
        assert row.confidence > 0.5


def test_escalated_question_answered_and_saved_as_faq(examples: Engine) -> None:
    """An organiser's answer saved as FAQ is what the next person gets, directly."""
    question = "Is there a prayer room at the Exchange?"
    assert not ask(examples, question).answered
    log_id = _log(examples, question)
    with session_scope(examples) as session:
        mark_escalated(session, log_id=log_id, channel="C0EXORGS01", ts="2.2")
        record_organiser_answer(
            session,
            log_id=log_id,
            organiser="U0EXORG001",
            text="Yes: the Exchange has a multi-faith prayer room on the first floor.",
            at=local("2027-01-04 11:00"),
        )
        entry = save_as_faq(session, log_id=log_id)
        assert (entry.slug, entry.origin) == ("is-there-a-prayer-room-at", "organiser")
    again = ask(examples, "is there a prayer room at the exchange")
    assert again.answered
    assert again.to_json()["sources"] == [{"kind": "faq", "id": "is-there-a-prayer-room-at"}]
    with session_scope(examples) as session:
        programme = session.exec(select(Programme).where(Programme.slug == RISE)).one()
        [row] = question_rows(session, programme=programme)
        assert row["escalated"] is True
        assert row["saved_faq"] == "is-there-a-prayer-room-at"
        assert row["answered_by"] == "U0EXORG001"


def test_saving_twice_gets_a_new_slug_and_empty_answers_are_refused(examples: Engine) -> None:
    """Slugs stay unique within the programme; an empty organiser answer is an error."""
    first, second = _log(examples, "Is there a gym?"), _log(examples, "Is there a gym?")
    with session_scope(examples) as session:
        with pytest.raises(CohortError):
            record_organiser_answer(
                session,
                log_id=first,
                organiser="U0EXORG001",
                text="  ",
                at=local("2027-01-04 11:00"),
            )
        for log_id in (first, second):
            record_organiser_answer(
                session,
                log_id=log_id,
                organiser="U0EXORG001",
                text="No gym, sorry.",
                at=local("2027-01-04 11:00"),
            )
            save_as_faq(session, log_id=log_id)
        slugs = session.exec(select(FaqEntry.slug).where(FaqEntry.origin == "organiser")).all()
        assert sorted(slugs) == ["is-there-a-gym", "is-there-a-gym-2"]


def test_a_wording_is_learned_once_undone_and_never_from_a_forgotten_asker(
    examples: Engine,
) -> None:
    """Only a suggestion the asker said answered them teaches the entry their words; adding
    twice adds once; undo removes it; after `cohort forget` there are no words to add."""
    question = "I'm on leave for module 4, how does that affect completing the programme?"
    log_id = _log(examples, question)
    now = local("2027-01-04 10:05")
    with session_scope(examples) as session:
        assert learn_wording(session, log_id=log_id, organiser="U0EXORG001", at=now) is None
        assert open_suggestion(session, log_id=log_id, slack_id="U0EXPART02",
                               slug="missing-module") is None  # fmt: skip
        entry = open_suggestion(session, log_id=log_id, slack_id="U0EXPART01",
                                slug="missing-module")  # fmt: skip
        assert entry is not None
        assert settle_suggestion(session, log_id=log_id, slack_id="U0EXPART01", answered=True)
        first = learn_wording(session, log_id=log_id, organiser="U0EXORG001", at=now)
        again = learn_wording(session, log_id=log_id, organiser="U0EXORG001", at=now)
        assert first is not None
        assert again is first
        assert len(session.exec(select(FaqPhrasing)).all()) == 1
        assert unlearn_wording(session, log_id=log_id)
        assert not unlearn_wording(session, log_id=log_id)
    with session_scope(examples) as session:
        forget_person(session, slack_id="U0EXPART01")
    with session_scope(examples) as session:
        assert learn_wording(session, log_id=log_id, organiser="U0EXORG001", at=now) is None
        assert session.exec(select(FaqPhrasing)).all() == []
