"""Reflection check-in invitations and the one nudge, by DM."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.blocks.checkins import checkin_message
from bot.messages.guards import ensure_dm_wanted, programme_of
from bot.messages.registry import Rendered, SkipMessage, get, memo, renderer
from bot.models import Module, Person, Reflection
from bot.outbox import OutboxMessage


def _render(session: Session, message: OutboxMessage, now: datetime, *, nudge: bool) -> Rendered:
    programme = programme_of(session, message)
    module = get(session, Module, message.payload["module_id"])
    if module is None or not module.active:
        raise SkipMessage("the module is no longer in the programme")
    ensure_dm_wanted(session, message, programme, now)
    if message.target in _answered(session, module.id):
        raise SkipMessage("already reflected on this module")
    closes_at = datetime.fromisoformat(message.payload["closes_at"])
    text, blocks = checkin_message(programme, module, closes_at=closes_at, nudge=nudge)
    return Rendered(text=text, blocks=blocks)


def _answered(session: Session, module_id: int | None) -> set[str]:
    """Who has reflected on the module (remembered for the dispatcher's batch)."""

    def load() -> set[str]:
        return set(
            session.exec(
                select(Person.slack_id)
                .join(Reflection, col(Reflection.person_id) == Person.id)
                .where(Reflection.module_id == module_id)
            ).all()
        )

    return memo(session, ("answered", module_id), load)


@renderer("checkin_invite")
def render_checkin_invite(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The invitation to reflect, with the *Reflect* button."""
    return _render(session, message, now, nudge=False)


@renderer("checkin_nudge")
def render_checkin_nudge(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The one nudge, only to those who have not reflected yet."""
    return _render(session, message, now, nudge=True)
