"""Every table Cohort keeps, in one module.

Datetimes are timezone-aware UTC (`UTCDateTime` stores them the same way on SQLite and
PostgreSQL). Durations are whole seconds. Lists (topics, goals, tags) are JSON columns:
they are read and written whole, never queried inside.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

ROLES = ("participant", "mentor", "organiser")
OUTBOX_KINDS = (
    "module_reminder",
    "checkin_invite",
    "checkin_nudge",
    "mentor_prompt",
    "mentor_intro",
    "announcement",
)
OUTBOX_STATUSES = ("queued", "sent", "failed", "cancelled")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on both databases (SQLite would otherwise drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    """A `UTCDateTime` column for `Field(sa_column=...)`."""
    return Column(UTCDateTime(), nullable=nullable, index=index)


def json_column(*, nullable: bool = False) -> Any:
    """A JSON column for lists and small documents."""
    return Column(JSON, nullable=nullable)


# A programme run (one cohort), with its settings from the programme file.
class Programme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    timezone: str = Field(max_length=64)
    channel: str = Field(max_length=32)
    organisers_channel: str | None = Field(default=None, max_length=32)
    summary: str | None = None
    share_reflections_with_organisers: bool = False
    checkins_enabled: bool = False
    checkin_open_after_s: int = 86_400
    checkin_nudge_after_s: int = 3 * 86_400
    checkin_close_after_s: int = 14 * 86_400
    mentoring_enabled: bool = False
    mentoring_capacity: int = 2
    avoid_same_organisation: bool = True
    mentor_prompt_every_s: int = 21 * 86_400


# Someone to contact about given topics ("who do I contact about expenses?").
class Contact(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    position: int = 0
    name: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=200)
    topics: list[str] = Field(default_factory=list, sa_column=json_column())
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=64)
    slack: str | None = Field(default=None, max_length=32)


# One module reminder offset ("7d before"; optionally also by DM).
class ReminderRule(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "before_s"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    before_s: int = Field(gt=0)
    dm: bool = False


# One reflection prompt of the programme's check-ins (free text, or a 1..scale rating).
class CheckinPrompt(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    key: str = Field(max_length=64)
    position: int = 0
    text: str
    scale: int | None = Field(default=None, ge=2, le=10)
    active: bool = True


# A face-to-face or online module; `active` is false once it leaves the programme file.
class Module(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    number: int = Field(ge=0)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(sa_column=utc_column())
    ends_at: datetime = Field(sa_column=utc_column())
    venue: str | None = None
    online: str | None = None
    summary: str | None = None
    prepare: str | None = None
    speakers: list[str] = Field(default_factory=list, sa_column=json_column())
    active: bool = True


# A person, known by Slack user id; may belong to several programmes.
class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slack_id: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=200)
    organisation: str | None = Field(default=None, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    forgotten: bool = False


# A person's role and matching profile in one programme.
class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)
    goals: list[str] = Field(default_factory=list, sa_column=json_column())
    development_areas: list[str] = Field(default_factory=list, sa_column=json_column())
    challenges: list[str] = Field(default_factory=list, sa_column=json_column())
    expertise: list[str] = Field(default_factory=list, sa_column=json_column())
    capacity: int | None = Field(default=None, ge=0)
    avoid: list[str] = Field(default_factory=list, sa_column=json_column())
    notes: str | None = None
    share_profile_with_mentor: bool = True
    paused_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    active: bool = True


# A programme FAQ entry, from the file or saved by an organiser from an escalation.
class FaqEntry(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    slug: str = Field(max_length=64)
    position: int = 0
    question: str
    answer: str
    also: list[str] = Field(default_factory=list, sa_column=json_column())
    origin: str = Field(default="file", max_length=16)  # "file" or "organiser"
    active: bool = True


# Another wording of an FAQ entry's question, learned from use: an asker said the entry
# answered their question, and an organiser added their words to it.
class FaqPhrasing(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    faq_slug: str = Field(max_length=64)
    text: str
    added_by: str = Field(max_length=32)
    added_at: datetime = Field(sa_column=utc_column())


# One outgoing scheduled message (the outbox): a row before it is ever sent.
class ScheduledMessage(SQLModel, table=True):
    __table_args__ = (Index("ix_scheduledmessage_due", "status", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True)
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)
    kind: str = Field(max_length=32)
    target: str = Field(max_length=64)
    due_at: datetime = Field(sa_column=utc_column())
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    status: str = Field(default="queued", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=128)
    lease_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_error: str | None = None
    slack_ts: str | None = Field(default=None, max_length=32)
    slack_channel: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


# An announcement an organiser wrote, now or for later; the planner queues its messages.
class Announcement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    text: str
    dm: bool = False
    due_at: datetime = Field(sa_column=utc_column())
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    status: str = Field(default="scheduled", max_length=16)  # draft | scheduled | cancelled


# A question someone asked, what the bot answered, and what happened next.
class QuestionLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)
    asker: str | None = Field(default=None, max_length=32)
    text: str
    asked_at: datetime = Field(sa_column=utc_column())
    channel: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    answered: bool = False
    answer_text: str | None = None
    source_kind: str | None = Field(default=None, max_length=16)
    source_ref: str | None = Field(default=None, max_length=200)
    confidence: float = 0.0
    feedback: int | None = None  # +1 or -1
    escalated: bool = False
    escalation_channel: str | None = Field(default=None, max_length=32)
    escalation_ts: str | None = Field(default=None, max_length=32)
    organiser_answer: str | None = None
    answered_by: str | None = Field(default=None, max_length=32)
    answered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    saved_faq_slug: str | None = Field(default=None, max_length=64)
    # FAQ entries offered beside a hand-over (slugs, space-separated), the one the asker
    # opened, and whether they said it answered them (then the organisers need not reply)
    suggested: str | None = Field(default=None, max_length=200)
    suggestion_opened: str | None = Field(default=None, max_length=64)
    suggestion_answered: bool | None = None


# A participant's reflection after one module: private to its author.
class Reflection(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("module_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    share_with_mentor: bool = False
    submitted_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


# A mentor–mentee pair: proposed by the matcher, active once approved, ended on re-match.
class MentorMatch(SQLModel, table=True):
    __table_args__ = (Index("ix_mentormatch_pair", "programme_id", "mentor_id", "mentee_id"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    mentee_id: int = Field(foreign_key="person.id", index=True)
    score: float = 0.0
    reasons: list[str] = Field(default_factory=list, sa_column=json_column())
    status: str = Field(default="active", max_length=16)  # proposed | active | ended
    created_at: datetime = Field(sa_column=utc_column())
    approved_by: str | None = Field(default=None, max_length=32)
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    intro_channel: str | None = Field(default=None, max_length=32)


# A mentoring meeting logged by either side of a pair.
class MeetingLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentormatch.id", index=True)
    logged_by: str = Field(max_length=32)
    met_on: date
    topics: str | None = None
    next_on: date | None = None
    created_at: datetime = Field(sa_column=utc_column())


# A Slack event id already handled, so a retried delivery is answered once.
class ProcessedEvent(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=128)
    seen_at: datetime = Field(sa_column=utc_column(index=True))
