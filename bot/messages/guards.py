"""Checks renderers share: a DM is not pushed at someone paused or forgotten."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.messages.registry import SkipMessage
from bot.models import Programme
from bot.outbox import OutboxMessage
from bot.pause import paused_until
from bot.programmes import find_person
from bot.timefmt import format_day, local


def programme_of(session: Session, message: OutboxMessage) -> Programme:
    """The row's programme; a row without one cannot be rendered by these kinds."""
    programme = session.get(Programme, message.programme_id) if message.programme_id else None
    if programme is None:
        raise SkipMessage("its programme no longer exists")
    return programme


def ensure_dm_wanted(
    session: Session, message: OutboxMessage, programme: Programme, now: datetime
) -> None:
    """Skip a DM to someone who paused their reminders or asked to be forgotten."""
    person = find_person(session, message.target)
    if person is None or person.forgotten:
        raise SkipMessage("the person is no longer in the programme")
    assert programme.id is not None
    until = paused_until(session, programme_id=programme.id, slack_id=message.target, now=now)
    if until is not None:
        day = format_day(local(until, programme.timezone))
        raise SkipMessage(f"paused: {message.target} paused reminders until {day}")
