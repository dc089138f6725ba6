"""App Home for organisers: upcoming announcements (with *Cancel*) and messages that failed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import outbox
from bot.announcements import upcoming_announcements
from bot.blocks.announcements import CANCEL_ACTION
from bot.home.registry import HomeButton, HomeScope, HomeSection, home_section
from bot.timefmt import format_day, format_time, local

SHOWN = 5


@home_section(roles=("organiser",), order=40)
def scheduled_messages_section(session: Session, scope: HomeScope) -> HomeSection | None:
    """What is queued, what failed (and why), and announcements still to go out."""
    programme = scope.programme
    assert programme.id is not None
    counts = outbox.counts_by_status(session, programme_id=programme.id)
    upcoming = upcoming_announcements(session, programme=programme, now=scope.now)
    failed = outbox.list_messages(session, programme_id=programme.id, statuses=[outbox.FAILED])
    if not counts and not upcoming:
        return None
    tz = programme.timezone

    def when(moment: datetime) -> str:
        at = local(moment, tz)
        return f"{format_day(at, year=False)} {format_time(at)}"

    lines = [
        f"Announcement {a.id} on {when(a.due_at)}{' (also by DM)' if a.dm else ''}: "
        f"{a.text[:80]}{'…' if len(a.text) > 80 else ''}"
        for a in upcoming[:SHOWN]
    ]
    lines += [
        f"Failed: {m.kind.replace('_', ' ')} to {m.target} due {when(m.due_at)}: {m.last_error}"
        for m in failed[-SHOWN:]
    ]
    return HomeSection(
        "scheduled_messages",
        "Scheduled messages",
        facts=[
            ("Queued", str(counts.get(outbox.QUEUED, 0))),
            ("Sent", str(counts.get(outbox.SENT, 0))),
            ("Failed", str(counts.get(outbox.FAILED, 0))),
        ],
        lines=lines,
        buttons=[
            HomeButton(
                f"Cancel announcement {a.id}", f"{CANCEL_ACTION}:{a.id}", str(a.id), "danger"
            )
            for a in upcoming[:SHOWN]
        ],
    )
