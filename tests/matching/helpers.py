"""Shared set-up for mentoring flow tests: a loaded programme, its people in the emulator."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.loader import load_programme_path
from bot.matching.service import apply_matches, propose_matches
from bot.models import MentorMatch, Person, Programme, ScheduledMessage
from bot.slack_emulator import SlackEmulator


def seed_people(slack: SlackEmulator, path: Path) -> None:
    """Every person of a programme file becomes a member of the emulator's workspace."""
    people = yaml.safe_load(path.read_text(encoding="utf-8")).get("people", [])
    for person in people:
        slack.add_user(person["slack"], person["name"].split()[0].lower(), person["name"])


def load_and_apply(engine: Engine, path: Path, *, now) -> str:  # type: ignore[no-untyped-def]
    """Load a programme file and record the proposed matches; returns the programme slug."""
    with session_scope(engine) as session:
        slug = load_programme_path(session, path=path).programme
    with session_scope(engine) as session:
        programme = session.exec(select(Programme).where(Programme.slug == slug)).one()
        proposal = propose_matches(session, programme=programme)
        apply_matches(session, programme=programme, proposal=proposal, approved_by=None, now=now)
    return slug


def match_of(engine: Engine, mentee: str) -> MentorMatch:
    """The active match of a mentee, by Slack id."""
    with session_scope(engine) as session:
        person = session.exec(select(Person).where(Person.slack_id == mentee)).one()
        return session.exec(
            select(MentorMatch).where(
                MentorMatch.mentee_id == person.id, MentorMatch.status == "active"
            )
        ).one()


def outbox_row(engine: Engine, key: str) -> ScheduledMessage:
    with session_scope(engine) as session:
        return session.exec(select(ScheduledMessage).where(ScheduledMessage.key == key)).one()
