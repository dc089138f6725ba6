"""Announcements: organisers write once, the planner queues one message per recipient.

The `Announcement` row is the source of truth; its outbox rows (`announce:<id>:<target>@…`)
are planned straight away in the same transaction, so `cohort schedule` shows them at
once and "send now" goes out at the next dispatcher pass. Cancelling marks the
announcement cancelled and cancels whatever has not gone yet.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot import outbox
from bot.errors import CohortError
from bot.models import Announcement, Programme
from bot.planning import plan_programme

MAX_TEXT = 3_000  # one Block Kit section
PAST_TOLERANCE = timedelta(minutes=1)


def parse_local_time(text: str, timezone: str, *, what: str) -> datetime:
    """'2027-03-11 09:30' in the programme's timezone, as aware UTC; one-line error if not."""
    try:
        naive = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise CohortError(
            f"{what}: {text!r} is not a date and time like '2027-03-11 09:30'"
        ) from None
    zone = ZoneInfo(timezone)
    local = naive.replace(tzinfo=zone)
    if local.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != naive:
        raise CohortError(f"{what}: {text!r} does not exist in {timezone} (the clocks go forward)")
    return local.astimezone(ZoneInfo("UTC"))


def create_announcement(
    session: Session,
    *,
    programme: Programme,
    text: str,
    dm: bool,
    due_at: datetime,
    created_by: str | None,
    now: datetime,
) -> Announcement:
    """Record an announcement and queue its messages (the caller commits)."""
    text = text.strip()
    if not text:
        raise CohortError("announcement: the text is empty")
    if len(text) > MAX_TEXT:
        raise CohortError(f"announcement: {len(text)} characters is too long (at most {MAX_TEXT})")
    if due_at < now - PAST_TOLERANCE:
        raise CohortError(f"announcement: {due_at:%Y-%m-%d %H:%M} UTC is in the past")
    assert programme.id is not None
    announcement = Announcement(
        programme_id=programme.id,
        text=text,
        dm=dm,
        due_at=max(due_at, now),
        created_by=created_by,
        created_at=now,
        status="scheduled",
    )
    session.add(announcement)
    session.flush()
    plan_programme(session, programme=programme, now=now)
    return announcement


def cancel_announcement(
    session: Session, *, programme: Programme, announcement_id: int
) -> tuple[Announcement, int]:
    """Cancel an announcement and its unsent messages; how many messages were cancelled."""
    announcement = session.get(Announcement, announcement_id)
    if announcement is None or announcement.programme_id != programme.id:
        raise CohortError(f"announcement {announcement_id}: not found in {programme.slug}")
    announcement.status = "cancelled"
    session.add(announcement)
    cancelled = outbox.cancel(
        session, key_prefix=f"announce:{announcement_id}:", reason="cancelled by an organiser"
    )
    return announcement, cancelled


def upcoming_announcements(
    session: Session, *, programme: Programme, now: datetime
) -> list[Announcement]:
    """Scheduled announcements not yet due, soonest first (App Home, the preview)."""
    statement = (
        select(Announcement)
        .where(
            Announcement.programme_id == programme.id,
            Announcement.status == "scheduled",
            col(Announcement.due_at) > now,
        )
        .order_by(col(Announcement.due_at))
    )
    return list(session.exec(statement).all())
