"""Claiming deliveries: each key handled once, across sessions, forgotten after an hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import select

from bot.clock import ManualClock
from bot.db import session_scope
from bot.events import claim, event_key, message_key
from bot.models import ProcessedEvent


def test_a_key_is_claimed_once(db: Engine, clock: ManualClock) -> None:
    """The first claim wins; a second one, in another transaction, loses."""
    with session_scope(db) as session:
        assert claim(session, key=event_key("Ev1"), now=clock.now())
    with session_scope(db) as session:
        assert not claim(session, key=event_key("Ev1"), now=clock.now())
        assert claim(session, key=message_key("D1", "1.000001"), now=clock.now())


def test_keys_expire_after_an_hour(db: Engine, clock: ManualClock) -> None:
    """An hour on (long after Slack stops retrying), old keys are purged and may be claimed."""
    with session_scope(db) as session:
        claim(session, key=event_key("Ev1"), now=clock.now())
    clock.advance(timedelta(minutes=59))
    with session_scope(db) as session:
        assert not claim(session, key=event_key("Ev1"), now=clock.now())
    clock.advance(timedelta(minutes=2))
    with session_scope(db) as session:
        assert claim(session, key=event_key("Ev2"), now=clock.now())
        assert [e.key for e in session.exec(select(ProcessedEvent))] == [event_key("Ev2")]
