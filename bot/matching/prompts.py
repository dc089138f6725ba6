"""Keeping pairs going: when each mentor is prompted about each mentee, and with what.

Every `prompt_every` after a pair's last sign of life (the approval, or the latest
meeting either of them logged) the mentor gets a DM about that mentee, at 09:30 in the
programme's timezone when `prompt_every` is whole days. Logging a meeting restarts the
count, so pairs that meet are not nagged: the queued prompt's key holds its due time, so
the planner cancels the old row and queues the new one (see `bot/planning.py`).

The prompt carries the last logged meeting, the current module as a talking point, and
the reflections the mentee chose to share with their mentor since the last prompt, and
nothing else of theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.matching.shared import SharedReflection
from bot.models import (
    CheckinPrompt,
    MeetingLog,
    MentorMatch,
    Module,
    Person,
    Programme,
    Reflection,
    ScheduledMessage,
)
from bot.planning import PlanContext, Planned, planner, stamp

PROMPT_TIME = time(9, 30)
DAY = 86_400


def prompt_key_prefix(programme: Programme, match_id: int) -> str:
    """Every prompt row of one pair starts with this."""
    return f"mentor_prompt:{programme.slug}:{match_id}@"


def anchor_of(session: Session, match: MentorMatch) -> datetime:
    """When the pair last showed a sign of life: approval, or the latest meeting logged."""
    logged = session.exec(
        select(func.max(MeetingLog.created_at)).where(MeetingLog.match_id == match.id)
    ).one()
    if logged is None:
        return match.created_at
    logged = logged if logged.tzinfo else logged.replace(tzinfo=UTC)
    return max(match.created_at, logged)


def prompt_times(programme: Programme, anchor: datetime, now: datetime) -> list[datetime]:
    """The prompt of the current period (if one is past) and the next one, in UTC."""
    every = programme.mentor_prompt_every_s
    if every <= 0:
        return []

    def nth(k: int) -> datetime:
        if every % DAY:
            return anchor + timedelta(seconds=k * every)
        zone = ZoneInfo(programme.timezone)
        day = anchor.astimezone(zone).date() + timedelta(days=k * every // DAY)
        return datetime.combine(day, PROMPT_TIME, tzinfo=zone).astimezone(UTC)

    k = 1
    while nth(k + 1) <= now:
        k += 1
    return [nth(k), nth(k + 1)] if nth(k) <= now else [nth(k)]


@planner("mentor_prompt")
def mentor_prompts(session: Session, ctx: PlanContext) -> Iterator[Planned]:
    """Each active pair's mentor prompt: the current period's and the next one."""
    programme = ctx.programme
    if not programme.mentoring_enabled:
        return
    rows = session.exec(
        select(MentorMatch, Person.slack_id)
        .join(Person, col(Person.id) == col(MentorMatch.mentor_id))
        .where(MentorMatch.programme_id == programme.id, MentorMatch.status == "active")
        .where(col(Person.forgotten).is_(False))
    ).all()
    for match, mentor in rows:
        assert match.id is not None
        for due in prompt_times(programme, anchor_of(session, match), ctx.now):
            yield Planned(
                f"{prompt_key_prefix(programme, match.id)}{stamp(due)}",
                "mentor_prompt",
                mentor,
                due,
                {"match_id": match.id},
            )


@dataclass(frozen=True)
class PromptDetails:
    """What a mentor prompt says about one pair."""

    last_met: date | None
    next_on: date | None
    module: Module | None
    reflections: list[SharedReflection]


def current_module(session: Session, *, programme: Programme, now: datetime) -> Module | None:
    """The module under way or most recently started; before the first, the first."""
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, col(Module.active))
        .order_by(col(Module.starts_at))
    ).all()
    started = [m for m in modules if m.starts_at <= now]
    return started[-1] if started else (modules[0] if modules else None)


def last_prompted(session: Session, *, programme: Programme, match: MentorMatch) -> datetime:
    """When the mentor was last prompted about this pair (the match's start if never)."""
    assert match.id is not None
    sent = session.exec(
        select(func.max(ScheduledMessage.sent_at)).where(
            col(ScheduledMessage.key).startswith(prompt_key_prefix(programme, match.id)),
            ScheduledMessage.status == "sent",
        )
    ).one()
    if sent is None:
        return match.created_at
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)


def shared_reflections(
    session: Session, *, programme: Programme, mentee_id: int, since: datetime
) -> list[SharedReflection]:
    """The mentee's reflections shared with their mentor and written or changed since then."""
    prompts = {
        p.key: p
        for p in session.exec(
            select(CheckinPrompt).where(CheckinPrompt.programme_id == programme.id)
        ).all()
    }
    rows = session.exec(
        select(Reflection, Module)
        .join(Module, col(Module.id) == col(Reflection.module_id))
        .where(
            Reflection.programme_id == programme.id,
            Reflection.person_id == mentee_id,
            col(Reflection.share_with_mentor).is_(True),
            col(Reflection.updated_at) > since,
        )
        .order_by(col(Module.number))
    ).all()
    shared = []
    for reflection, module in rows:
        answers = []
        for key, value in reflection.answers.items():
            if value in (None, ""):
                continue
            prompt = prompts.get(key)
            question = prompt.text if prompt else key
            scale = prompt.scale if prompt else None
            answers.append((question, f"{value} / {scale}" if scale else str(value)))
        if answers:
            shared.append(SharedReflection(f"Module {module.number}, {module.title}", answers))
    return shared


def prompt_details(
    session: Session, *, programme: Programme, match: MentorMatch, now: datetime
) -> PromptDetails:
    """Everything the prompt about this pair shows, read at send time."""
    latest = session.exec(
        select(MeetingLog)
        .where(MeetingLog.match_id == match.id)
        .order_by(col(MeetingLog.met_on).desc(), col(MeetingLog.created_at).desc())
    ).first()
    today = now.astimezone(ZoneInfo(programme.timezone)).date()
    next_on = latest.next_on if latest and latest.next_on and latest.next_on >= today else None
    return PromptDetails(
        last_met=latest.met_on if latest else None,
        next_on=next_on,
        module=current_module(session, programme=programme, now=now),
        reflections=shared_reflections(
            session,
            programme=programme,
            mentee_id=match.mentee_id,
            since=last_prompted(session, programme=programme, match=match),
        ),
    )
