"""Announcements as participants see them, and the organiser's preview before sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.blocks.mrkdwn import Block, actions, button, context, escape, modal, plain, section
from bot.models import Announcement, Programme
from bot.timefmt import local


def announcement_message(programme: Programme, text: str) -> tuple[str, list[Block]]:
    """The announcement itself: the organiser's words, then who it is from."""
    return text, [
        section(text),
        context(f"📣 Announcement from the organisers of {escape(programme.name)}"),
    ]


SEND_ACTION, SCHEDULE_ACTION = "announce_send", "announce_schedule"
DISCARD_ACTION = "announce_discard"
CANCEL_ACTION = "announcement_cancel"  # a queued one, from App Home
SCHEDULE_CALLBACK = "announce_schedule_submit"
DATE_BLOCK, TIME_BLOCK = "when_date", "when_time"


def audience(programme: Programme, dm: bool, participants: int) -> str:
    """ "<#C…>" or "<#C…> and 12 participants by DM"."""
    where = f"<#{programme.channel}>"
    return f"{where} and {participants} participants by DM" if dm else where


def announcement_preview(
    programme: Programme, announcement: Announcement, *, participants: int
) -> tuple[str, list[Block]]:
    """What the organiser sees before anything is sent: the message and three choices."""
    value = str(announcement.id)
    to = audience(programme, announcement.dm, participants)
    _, message = announcement_message(programme, announcement.text)
    blocks = [
        section(f"*Preview* of your announcement to {to}:"),
        {"type": "divider"},
        *message,
        {"type": "divider"},
        actions(
            button("Send now", SEND_ACTION, value, style="primary"),
            button("Schedule…", SCHEDULE_ACTION, value),
            button("Cancel", DISCARD_ACTION, value, style="danger"),
            block_id=f"announce_{announcement.id}",
        ),
    ]
    return f"Preview of your announcement to {programme.name}", blocks


def schedule_modal(programme: Programme, announcement: Announcement, now: datetime) -> Block:
    """Pick a date and time, in the programme's timezone, to send a previewed announcement."""
    tomorrow = (local(now, programme.timezone) + timedelta(days=1)).date().isoformat()
    return modal(
        "Schedule announcement",
        callback_id=SCHEDULE_CALLBACK,
        metadata=str(announcement.id),
        submit="Schedule",
        close="Back",
        blocks=[
            section(escape(announcement.text[:300])),
            {
                "type": "input",
                "block_id": DATE_BLOCK,
                "label": plain("Date"),
                "element": {"type": "datepicker", "action_id": "date", "initial_date": tomorrow},
            },
            {
                "type": "input",
                "block_id": TIME_BLOCK,
                "label": plain("Time"),
                "element": {"type": "timepicker", "action_id": "time", "initial_time": "09:00"},
            },
            context(f"Times are {programme.timezone.replace('_', ' ')} time."),
        ],
    )


def read_schedule(values: dict[str, dict[str, dict]]) -> str:
    """'YYYY-MM-DD HH:MM' from the schedule modal's state."""
    date = (values.get(DATE_BLOCK) or {}).get("date", {}).get("selected_date") or ""
    time = (values.get(TIME_BLOCK) or {}).get("time", {}).get("selected_time") or ""
    return f"{date} {time}".strip()


def outcome_message(text: str) -> tuple[str, list[Block]]:
    """What the preview turns into once the organiser has chosen."""
    return text, [section(text)]
