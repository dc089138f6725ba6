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
from bot.programmes import is_organiser, memberships_of

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


def organiser_programmes(session: Session, *, slack_id: str) -> list[Programme]:
    """The programmes this person organises (where they may announce)."""
    return [p for p, m in memberships_of(session, slack_id) if m.role == "organiser"]


def _check_organiser(session: Session, programme: Programme, slack_id: str) -> None:
    if not is_organiser(session, programme=programme, slack_id=slack_id):
        raise CohortError(f"only the organisers of {programme.name} can send announcements")


def parse_announce_command(
    session: Session, *, slack_id: str, text: str
) -> tuple[Programme, str, bool]:
    """`[programme-id] [--dm] TEXT` from `/cohort announce`: the programme, text and dm flag."""
    programmes = organiser_programmes(session, slack_id=slack_id)
    if not programmes:
        raise CohortError("only a programme's organisers can send announcements")
    by_slug = {p.slug: p for p in programmes}
    chosen: Programme | None = None
    dm, rest = False, text.strip()
    while True:  # leading options: a programme id and/or --dm, in any order
        first, _, tail = rest.partition(" ")
        if first == "--dm":
            dm = True
        elif first in by_slug and chosen is None:
            chosen = by_slug[first]
        else:
            break
        rest = tail.strip()
    if chosen is None and len(programmes) > 1:
        slugs = ", ".join(sorted(by_slug))
        raise CohortError(f"you organise several programmes: start with one of {slugs}")
    return chosen or programmes[0], rest, dm


def create_draft(
    session: Session, *, programme: Programme, text: str, dm: bool, by: str, now: datetime
) -> Announcement:
    """An announcement to preview: nothing is queued until an organiser sends or schedules it."""
    _check_organiser(session, programme, by)
    text = text.strip()
    if not text:
        raise CohortError("write the announcement after the command: `/cohort announce TEXT`")
    if len(text) > MAX_TEXT:
        raise CohortError(f"announcement: {len(text)} characters is too long (at most {MAX_TEXT})")
    assert programme.id is not None
    draft = Announcement(
        programme_id=programme.id,
        text=text,
        dm=dm,
        due_at=now,
        created_by=by,
        created_at=now,
        status="draft",
    )
    session.add(draft)
    session.flush()
    return draft


def organiser_draft(
    session: Session, announcement_id: int, by: str
) -> tuple[Announcement, Programme]:
    """An announcement and its programme, if `by` organises it (CohortError otherwise)."""
    announcement = session.get(Announcement, announcement_id)
    if announcement is None:
        raise CohortError("that announcement no longer exists")
    programme = session.get(Programme, announcement.programme_id)
    assert programme is not None
    _check_organiser(session, programme, by)
    return announcement, programme


def schedule_draft(
    session: Session, *, announcement_id: int, by: str, due_at: datetime, now: datetime
) -> tuple[Announcement, Programme]:
    """Send a previewed announcement now (`due_at` = now) or later; queues its messages."""
    announcement, programme = organiser_draft(session, announcement_id, by)
    if announcement.status != "draft":
        raise CohortError(f"this announcement was already {announcement.status}")
    if due_at < now - PAST_TOLERANCE:
        raise CohortError("that time has already passed")
    announcement.status = "scheduled"
    announcement.due_at = max(due_at, now)
    session.add(announcement)
    session.flush()
    plan_programme(session, programme=programme, now=now)
    return announcement, programme


def discard_draft(session: Session, *, announcement_id: int, by: str) -> Announcement:
    """Drop a previewed announcement that was never sent."""
    announcement, _ = organiser_draft(session, announcement_id, by)
    if announcement.status == "draft":
        announcement.status = "cancelled"
        session.add(announcement)
    return announcement


def cancel_by_organiser(session: Session, *, announcement_id: int, by: str) -> int:
    """Cancel a queued announcement (App Home); how many messages were stopped."""
    _, programme = organiser_draft(session, announcement_id, by)
    return cancel_announcement(session, programme=programme, announcement_id=announcement_id)[1]
