"""Checks renderers share: a DM is not pushed at someone paused, gone or forgotten."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.messages.registry import SkipMessage, get, memo
from bot.models import Membership, Person, Programme
from bot.outbox import OutboxMessage
from bot.timefmt import format_day, local


def programme_of(session: Session, message: OutboxMessage) -> Programme:
    """The row's programme; a row without one cannot be rendered by these kinds."""
    programme = get(session, Programme, message.programme_id) if message.programme_id else None
    if programme is None:
        raise SkipMessage("its programme no longer exists")
    return programme


def _reachable(session: Session, programme_id: int) -> dict[str, datetime | None]:
    """Active, not forgotten members of the programme → the end of their pause (if any)."""

    def load() -> dict[str, datetime | None]:
        found = session.exec(
            select(Person.slack_id, Membership.paused_until)
            .join(Membership, col(Membership.person_id) == Person.id)
            .where(
                Membership.programme_id == programme_id,
                col(Membership.active),
                col(Person.forgotten).is_(False),
            )
        ).all()
        return dict(found)

    return memo(session, ("reachable", programme_id), load)


def ensure_dm_wanted(
    session: Session, message: OutboxMessage, programme: Programme, now: datetime
) -> None:
    """Skip a DM to someone who paused their reminders, left, or asked to be forgotten."""
    assert programme.id is not None
    members = _reachable(session, programme.id)
    if message.target not in members:
        raise SkipMessage("the person is no longer in the programme")
    until = members[message.target]
    if until is not None and until > now:
        day = format_day(local(until, programme.timezone))
        raise SkipMessage(f"paused: {message.target} paused reminders until {day}")
