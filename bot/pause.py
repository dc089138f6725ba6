"""Pausing reminders and check-ins for a while (out of office): `/cohort pause 2w`.

A pause covers every programme the person belongs to and only DMs to them: the cohort
channel still gets its reminders, so nothing is lost, only not pushed at them.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import Membership, Person


def _memberships(session: Session, slack_id: str) -> list[Membership]:
    statement = (
        select(Membership)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Person.slack_id == slack_id, col(Membership.active))
    )
    return list(session.exec(statement).all())


def pause(session: Session, *, slack_id: str, until: datetime | None) -> int:
    """Pause this person's DMs until `until` (None resumes); how many programmes changed."""
    memberships = _memberships(session, slack_id)
    for membership in memberships:
        membership.paused_until = until
        session.add(membership)
    return len(memberships)


def paused_until(
    session: Session, *, programme_id: int, slack_id: str, now: datetime
) -> datetime | None:
    """The end of this person's pause in this programme, or None when not paused now."""
    statement = (
        select(Membership.paused_until)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Membership.programme_id == programme_id, Person.slack_id == slack_id)
    )
    until = session.exec(statement).first()
    return until if until is not None and until > now else None
