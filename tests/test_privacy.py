"""`cohort forget`: personal data erased everywhere, anonymous counts kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.loader import load_programme_path
from bot.models import (
    Membership,
    Module,
    Person,
    QuestionLog,
    Reflection,
    ScheduledMessage,
)
from tests.dbdump import dump

NOW = datetime(2027, 2, 1, 12, tzinfo=UTC)
AMARA = "U07LLPP0001"


def seed(engine: Engine, path: Path) -> None:
    """The shared example plus a reflection, a question and a queued DM for one participant."""
    with session_scope(engine) as session:
        load_programme_path(session, path=path)
        person = session.exec(select(Person).where(Person.slack_id == AMARA)).one()
        module = session.exec(select(Module).where(Module.number == 1)).one()
        session.add(
            Reflection(
                programme_id=module.programme_id,
                module_id=module.id,
                person_id=person.id,
                answers={"insight": "my secret"},
                share_with_mentor=True,
                submitted_at=NOW,
                updated_at=NOW,
            )
        )
        session.add(
            QuestionLog(
                programme_id=module.programme_id,
                asker=AMARA,
                text="can I bring my carer?",
                asked_at=NOW,
            )
        )
        session.add(
            ScheduledMessage(
                key="checkin:x:m1:invite:" + AMARA,
                kind="checkin_invite",
                target=AMARA,
                due_at=NOW,
                payload={"name": "Amara"},
                created_at=NOW,
            )
        )


def test_forget_erases_personal_data_and_keeps_counts(
    cli,
    empty_db: Engine,
    shared_example_file: Path,  # type: ignore[no-untyped-def]
) -> None:
    """After `cohort forget`, nothing about the person remains but anonymous rows."""
    assert cli("db", "upgrade").exit_code == 0
    seed(empty_db, shared_example_file)
    people_before = dump(empty_db)["person"]
    assert any(AMARA in row for row in people_before)
    result = cli("forget", AMARA)
    assert result.exit_code == 0, result.output
    assert "1 reflection(s), 1 question(s)" in result.stdout
    everything = json.dumps(dump(empty_db), default=str)
    assert AMARA not in everything
    assert "my secret" not in everything
    assert "carer" not in everything
    with session_scope(empty_db) as session:
        assert len(session.exec(select(Reflection)).all()) == 1
        assert len(session.exec(select(QuestionLog)).all()) == 1
        message = session.exec(select(ScheduledMessage)).one()
        assert message.status == "cancelled"
        profiles = session.exec(select(Membership).where(~Membership.active)).all()
        assert len(profiles) == 1
        assert profiles[0].goals == []


def test_forget_unknown_person(cli) -> None:  # type: ignore[no-untyped-def]
    """An unknown user id is a handled error with one line."""
    result = cli("forget", "U0NOBODY01")
    assert result.exit_code == 1
    assert result.stderr == "cohort: U0NOBODY01: no such person in any programme\n"
