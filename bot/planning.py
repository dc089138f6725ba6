"""The planner: turns programmes into outbox rows, and keeps the rows in step with them.

Each pass computes, per programme, every message that *should* exist (module reminders,
check-in invitations and nudges, announcements, and whatever other features register
with `@planner`), then reconciles the outbox with that set:

- a wanted row that does not exist is queued, unless its time has already passed (more
  than `grace` ago): then it is not sent late but kept as a cancelled row saying so, and
  logged once;
- a queued row that is no longer wanted (module moved or gone, rule removed, person
  paused, left or already reflected) is cancelled, never left to fire;
- a row the planner cancelled that is wanted again (a module that came back, a pause
  lifted early) is queued again while its time is still ahead.

Keys end in the due time (`…@20270310T093000Z`). So a moved module gets new rows and its
old ones are cancelled, rather than the old rows' times being rewritten: history stays
true (`cohort schedule` shows the old time cancelled), a row a dispatcher is sending at
that moment cannot be silently retargeted, the "already posted?" check in Slack (by
key) cannot mistake the old reminder for the new one, and a reminder already sent for
the old date does not stop the reminder for the new date.

Days and weeks are counted on the programme's local calendar (zoneinfo), so a reminder
1 day before a 09:30 module is at 09:30 the day before on both sides of a clock change;
hours and minutes are elapsed time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot import outbox
from bot.models import (
    Announcement,
    CheckinPrompt,
    Membership,
    Module,
    Person,
    Programme,
    Reflection,
    ReminderRule,
    ScheduledMessage,
)

logger = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(minutes=5)  # how late a newly planned row may still be queued
MISSED_WINDOW = timedelta(days=7)  # older misses are history from before Cohort planned
NOT_PLANNED = "no longer planned"  # prefix of the planner's own cancellations


@dataclass(frozen=True)
class Planned:
    """A message that should exist in the outbox."""

    key: str
    kind: str
    target: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Participant:
    """A participant of the programme, as far as planning DMs is concerned."""

    person_id: int
    slack_id: str
    paused_until: datetime | None

    def wants_dm_at(self, when: datetime) -> bool:
        """Not paused at that time."""
        return self.paused_until is None or self.paused_until <= when


@dataclass(frozen=True)
class PlanContext:
    """What every contributor needs, loaded once per programme and pass."""

    programme: Programme
    now: datetime
    modules: list[Module]
    participants: list[Participant]

    @property
    def slug(self) -> str:
        return self.programme.slug


@dataclass
class PlanReport:
    """What a pass changed."""

    queued: int = 0
    cancelled: int = 0
    requeued: int = 0
    missed: list[str] = field(default_factory=list)

    def merge(self, other: PlanReport) -> None:
        self.queued += other.queued
        self.cancelled += other.cancelled
        self.requeued += other.requeued
        self.missed.extend(other.missed)

    @property
    def changed(self) -> bool:
        return bool(self.queued or self.cancelled or self.requeued or self.missed)

    def summary(self) -> str:
        """One line, e.g. `scheduled messages: 12 queued, 3 cancelled, 1 missed`."""
        parts = [f"{self.queued} queued", f"{self.cancelled} cancelled"]
        if self.requeued:
            parts.append(f"{self.requeued} re-queued")
        if self.missed:
            parts.append(f"{len(self.missed)} not sent because their time had passed")
        return "scheduled messages: " + ", ".join(parts)


Contributor = Callable[[Session, PlanContext], Iterable[Planned]]
_CONTRIBUTORS: list[tuple[tuple[str, ...], Contributor]] = []


def planner(*kinds: str) -> Callable[[Contributor], Contributor]:
    """Register a contributor of wanted rows; the planner owns (reconciles) these kinds.

    Kinds queued directly by a feature (e.g. mentor introductions on approval) must not
    be registered here, or the planner would cancel them as unwanted.
    """

    def register(function: Contributor) -> Contributor:
        if all(existing is not function for _, existing in _CONTRIBUTORS):
            _CONTRIBUTORS.append((kinds, function))
        return function

    return register


def owned_kinds() -> tuple[str, ...]:
    """Every kind some contributor plans."""
    return tuple(sorted({kind for kinds, _ in _CONTRIBUTORS for kind in kinds}))


# -- time ------------------------------------------------------------------------------


def shift_local(when: datetime, seconds: int, timezone: str) -> datetime:
    """`when` moved by `seconds` (negative: earlier): whole days on the local calendar.

    1 day before 09:30 on the Monday after the clocks go forward is 09:30 on the Sunday,
    23 elapsed hours earlier; the remainder below a day is elapsed time.
    """
    zone = ZoneInfo(timezone)
    sign = -1 if seconds < 0 else 1
    days, rest = divmod(abs(seconds), 86_400)
    wall = when.astimezone(zone).replace(tzinfo=None) + sign * timedelta(days=days)
    return wall.replace(tzinfo=zone).astimezone(UTC) + sign * timedelta(seconds=rest)


def span_label(seconds: int) -> str:
    """A compact label for keys: 7d, 1d, 2h, 30m, 45s."""
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def stamp(when: datetime) -> str:
    """The due time in a key: 20270310T093000Z."""
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# -- what each feature wants --------------------------------------------------------------


def channel_and_dms(
    ctx: PlanContext,
    kind: str,
    due: datetime,
    payload: dict[str, Any],
    *,
    channel_key: str,
    dm_key: str | None,
    dm_payload: dict[str, Any] | None = None,
) -> Iterator[Planned]:
    """A post in the cohort channel and, with a `dm_key`, a DM to each participant not paused.

    Keys are `<channel_key>:<channel>@<due>` and `<dm_key>:<user>@<due>`: stable, so the
    reconciler recognises rows it planned before.
    """
    channel = ctx.programme.channel
    yield Planned(f"{channel_key}:{channel}@{stamp(due)}", kind, channel, due, payload)
    if dm_key is None:
        return
    for person in ctx.participants:
        if person.wants_dm_at(due):
            key = f"{dm_key}:{person.slack_id}@{stamp(due)}"
            yield Planned(key, kind, person.slack_id, due, dm_payload or payload)


def reminder_expiry(starts_at: datetime, due: datetime, before_s: int) -> datetime:
    """When a reminder stops being worth sending: half its offset late, and never once begun.

    After downtime (or a sandbox clock jump) a "Module 1 in 7 days" that is three days
    late would mislead; the next reminder will be along. Half the offset keeps the text
    roughly true: a 7-day reminder may go up to 3½ days late, a 1-day one 12 hours late.
    """
    return min(starts_at, due + timedelta(seconds=before_s // 2))


@planner("module_reminder")
def module_reminders(session: Session, ctx: PlanContext) -> Iterator[Planned]:
    """At each reminder offset before each module: the cohort channel, and DMs if asked."""
    programme = ctx.programme
    rules = session.exec(
        select(ReminderRule).where(ReminderRule.programme_id == programme.id)
    ).all()
    for module in ctx.modules:
        for rule in rules:
            due = shift_local(module.starts_at, -rule.before_s, programme.timezone)
            base = f"reminder:{ctx.slug}:m{module.number}:-{span_label(rule.before_s)}"
            payload = {
                "module_id": module.id,
                "before_s": rule.before_s,
                outbox.NOT_AFTER: reminder_expiry(module.starts_at, due, rule.before_s).isoformat(),
            }
            yield from channel_and_dms(
                ctx, "module_reminder", due, payload,
                channel_key=base, dm_key=f"{base}:dm" if rule.dm else None,
                dm_payload=payload | {"dm": True},
            )  # fmt: skip


@planner("checkin_invite", "checkin_nudge")
def checkins(session: Session, ctx: PlanContext) -> Iterator[Planned]:
    """After each module: an invitation to every participant, one nudge to non-responders."""
    programme = ctx.programme
    has_prompts = session.exec(
        select(CheckinPrompt.id).where(
            CheckinPrompt.programme_id == programme.id, col(CheckinPrompt.active)
        )
    ).first()
    if not programme.checkins_enabled or has_prompts is None:
        return
    answered = set(
        session.exec(
            select(Reflection.module_id, Reflection.person_id).where(
                Reflection.programme_id == programme.id
            )
        ).all()
    )
    for module in ctx.modules:
        window = checkin_window(programme, module)
        payload = {
            "module_id": module.id,
            "closes_at": window.closes.isoformat(),
            outbox.NOT_AFTER: window.closes.isoformat(),
        }
        base = f"checkin:{ctx.slug}:m{module.number}"
        for person in ctx.participants:
            if (module.id, person.person_id) in answered:
                continue
            if person.wants_dm_at(window.opens):
                yield Planned(
                    f"{base}:invite:{person.slack_id}@{stamp(window.opens)}",
                    "checkin_invite",
                    person.slack_id,
                    window.opens,
                    payload,
                )
            if window.nudge is not None and person.wants_dm_at(window.nudge):
                yield Planned(
                    f"{base}:nudge:{person.slack_id}@{stamp(window.nudge)}",
                    "checkin_nudge",
                    person.slack_id,
                    window.nudge,
                    payload,
                )


@dataclass(frozen=True)
class CheckinWindow:
    """When a module's reflection round opens, nudges (if at all) and closes."""

    opens: datetime
    nudge: datetime | None
    closes: datetime

    def is_open(self, now: datetime) -> bool:
        return self.opens <= now < self.closes


def checkin_window(programme: Programme, module: Module) -> CheckinWindow:
    """The round's times, counted from the end of the module in the programme's calendar."""
    opens = shift_local(module.ends_at, programme.checkin_open_after_s, programme.timezone)
    nudge = shift_local(module.ends_at, programme.checkin_nudge_after_s, programme.timezone)
    closes = shift_local(module.ends_at, programme.checkin_close_after_s, programme.timezone)
    return CheckinWindow(opens, nudge if opens < nudge < closes else None, closes)


@planner("announcement")
def announcements(session: Session, ctx: PlanContext) -> Iterator[Planned]:
    """Each scheduled announcement: the cohort channel, and every participant if `dm`."""
    programme = ctx.programme
    rows = session.exec(
        select(Announcement).where(
            Announcement.programme_id == programme.id, Announcement.status == "scheduled"
        )
    ).all()
    for announcement in rows:
        due = announcement.due_at
        payload = {"announcement_id": announcement.id}
        base = f"announce:{announcement.id}"
        yield from channel_and_dms(
            ctx, "announcement", due, payload,
            channel_key=base, dm_key=base if announcement.dm else None,
        )  # fmt: skip


# -- reconciling --------------------------------------------------------------------------


def _context(session: Session, programme: Programme, now: datetime) -> PlanContext:
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, col(Module.active))
        .order_by(col(Module.number))
    ).all()
    people = session.exec(
        select(Person.id, Person.slack_id, Membership.paused_until)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(
            Membership.programme_id == programme.id,
            Membership.role == "participant",
            col(Membership.active),
            col(Person.forgotten).is_(False),
        )
        .order_by(col(Person.slack_id))
    ).all()
    participants = [
        Participant(person_id, slack_id, until)
        for person_id, slack_id, until in people
        if person_id is not None
    ]
    return PlanContext(programme, now, list(modules), participants)


def plan_programme(
    session: Session, *, programme: Programme, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> PlanReport:
    """Bring one programme's planned outbox rows in line with the database (no commit)."""
    ctx = _context(session, programme, now)
    kinds = owned_kinds()
    wanted: dict[str, Planned] = {}
    for _, contribute in _CONTRIBUTORS:
        for planned in contribute(session, ctx):
            wanted[planned.key] = planned
    existing = {
        key: (status, last_error)
        for key, status, last_error in session.exec(
            select(
                ScheduledMessage.key, ScheduledMessage.status, ScheduledMessage.last_error
            ).where(
                ScheduledMessage.programme_id == programme.id,
                col(ScheduledMessage.kind).in_(kinds),
            )
        ).all()
    }
    report = PlanReport()
    revive: list[str] = []
    for key, planned in wanted.items():
        if key in existing:
            status, last_error = existing[key]
            planner_cancelled = (last_error or "").startswith(NOT_PLANNED)
            if status == outbox.CANCELLED and planner_cancelled and planned.due_at > now:
                revive.append(key)
            continue
        _add(session, planned, programme=programme, now=now, grace=grace, report=report)
    if revive:
        report.requeued = outbox.requeue(session, keys=revive)
    unwanted = [
        key
        for key, (status, _) in existing.items()
        if status == outbox.QUEUED and key not in wanted
    ]
    if unwanted:
        report.cancelled = outbox.cancel(
            session,
            keys=unwanted,
            reason=f"{NOT_PLANNED}: the module, settings or people changed",
        )
    if report.missed:
        logger.warning(
            "%s: %d message(s) not sent because their time had passed when planned, e.g. %s",
            programme.slug,
            len(report.missed),
            report.missed[0],
        )
    if report.changed:
        logger.info("%s: %s", programme.slug, report.summary())
    return report


def _add(
    session: Session,
    planned: Planned,
    *,
    programme: Programme,
    now: datetime,
    grace: timedelta,
    report: PlanReport,
) -> None:
    """Queue a newly wanted row, or record (once) that its time had already passed."""
    key, kind, target, due = planned.key, planned.kind, planned.target, planned.due_at
    if due >= now - grace:
        report.queued += outbox.queue(
            session,
            key=key,
            kind=kind,
            target=target,
            due_at=due,
            payload=planned.payload,
            programme_id=programme.id,
            now=now,
        )
        return
    if due < now - MISSED_WINDOW:
        return  # from before Cohort planned this programme: history, not a miss
    reason = f"not sent: its time ({due:%Y-%m-%d %H:%M} UTC) had passed when planned"
    if outbox.record_missed(
        session,
        key=key,
        kind=kind,
        target=target,
        due_at=due,
        programme_id=programme.id,
        now=now,
        reason=reason,
    ):
        report.missed.append(key)


def plan_all(session: Session, *, now: datetime, grace: timedelta = DEFAULT_GRACE) -> PlanReport:
    """Plan every programme (the scheduler's planner job and `cohort load` call this)."""
    report = PlanReport()
    for programme in session.exec(select(Programme).order_by(col(Programme.slug))).all():
        report.merge(plan_programme(session, programme=programme, now=now, grace=grace))
    return report


# Contributors that live with their feature register themselves when imported.
from bot.matching import prompts as _mentor_prompts  # noqa: E402, F401
