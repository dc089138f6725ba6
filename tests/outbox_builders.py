"""Small programmes built straight into the database, for planner and dispatcher tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.db import session_scope
from bot.models import (
    CheckinPrompt,
    Membership,
    Module,
    Person,
    Programme,
    ReminderRule,
    ScheduledMessage,
)

LONDON = "Europe/London"
DAY = 86_400


def london(text: str) -> datetime:
    """'2027-03-29 09:30' in London, as aware UTC."""
    naive = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=ZoneInfo(LONDON)).astimezone(UTC)


@dataclass(frozen=True)
class ModuleSpec:
    number: int
    starts: str  # London local time
    ends: str
    title: str = "Leading in the System"


def build_programme(
    engine: Engine,
    *,
    slug: str = "llp-7",
    channel: str = "C07COHORT01",
    organisers_channel: str | None = "G07PRIVATE1",
    modules: Sequence[ModuleSpec] = (ModuleSpec(1, "2027-01-14 09:30", "2027-01-15 16:30"),),
    participants: Sequence[str] = ("U07PART0001", "U07PART0002"),
    organisers: Sequence[str] = ("U07ORG00001",),
    reminders: Sequence[tuple[int, bool]] = ((7 * DAY, False), (DAY, True)),
    checkins: bool = False,
) -> int:
    """A programme with modules, people and reminder rules; returns its id."""
    with session_scope(engine) as session:
        programme = Programme(
            slug=slug,
            name=f"Programme {slug}",
            timezone=LONDON,
            channel=channel,
            organisers_channel=organisers_channel,
            checkins_enabled=checkins,
        )
        session.add(programme)
        session.flush()
        assert programme.id is not None
        for spec in modules:
            session.add(
                Module(
                    programme_id=programme.id,
                    number=spec.number,
                    title=spec.title,
                    starts_at=london(spec.starts),
                    ends_at=london(spec.ends),
                    venue="Toynbee Hall, 28 Commercial Street, London E1 6LS",
                    online="https://meet.example.org/llp-1",
                    prepare="Read the briefing & bring one <real> challenge.",
                    speakers=["Dr Ruth Adeyemi"],
                    summary="Values and integrity as a leader.",
                )
            )
        for before_s, dm in reminders:
            session.add(ReminderRule(programme_id=programme.id, before_s=before_s, dm=dm))
        if checkins:
            session.add(
                CheckinPrompt(programme_id=programme.id, key="insight", text="Your insight?")
            )
            session.add(
                CheckinPrompt(
                    programme_id=programme.id,
                    key="confidence",
                    text="Confident?",
                    scale=5,
                    position=1,
                )
            )
        for role, people in (("participant", participants), ("organiser", organisers)):
            for slack_id in people:
                add_member(session, programme.id, slack_id, role)
        return programme.id


def add_member(session: Session, programme_id: int, slack_id: str, role: str) -> Membership:
    """A person (created if new) with a role in the programme."""
    person = session.exec(select(Person).where(Person.slack_id == slack_id)).first()
    if person is None:
        person = Person(slack_id=slack_id, name=f"Person {slack_id}", organisation="Council")
        session.add(person)
        session.flush()
    assert person.id is not None
    membership = Membership(programme_id=programme_id, person_id=person.id, role=role)
    session.add(membership)
    return membership


def rows(
    engine: Engine, *, status: str | None = None, kind: str | None = None
) -> list[ScheduledMessage]:
    """Every outbox row (optionally of one status or kind), by due time then key."""
    with session_scope(engine) as session:
        statement = select(ScheduledMessage)
        if status is not None:
            statement = statement.where(ScheduledMessage.status == status)
        if kind is not None:
            statement = statement.where(ScheduledMessage.kind == kind)
        found = session.exec(statement).all()
        return sorted(found, key=lambda r: (r.due_at, r.key))
