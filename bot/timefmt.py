"""Dates and times written the way people in the UK write them, in the programme's zone.

"Thursday 11 March 2027", "9:30–16:30", "Thursday 11 March 2027, 9:30–16:30". Reminders,
answers and App Home all use these, so the bot speaks about time in one voice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def local(when: datetime, timezone: str) -> datetime:
    """`when` (aware) in the programme's timezone."""
    return when.astimezone(ZoneInfo(timezone))


def format_time(when: datetime) -> str:
    """9:30, 16:30, 12:00 (24-hour, no leading zero on the hour)."""
    return f"{when.hour}:{when.minute:02d}"


def format_day(when: datetime, *, year: bool = True) -> str:
    """Thursday 11 March 2027 (or without the year)."""
    text = f"{when:%A} {when.day} {when:%B}"
    return f"{text} {when.year}" if year else text


def format_span(starts: datetime, ends: datetime, timezone: str, *, year: bool = True) -> str:
    """A module's dates and times: one day, or a run of days with the times at each end.

    "Thursday 11 March 2027, 9:30–16:30" or
    "Thursday 14 January, 9:30 to Friday 15 January 2027, 16:30".
    """
    start, end = local(starts, timezone), local(ends, timezone)
    if start.date() == end.date():
        return f"{format_day(start, year=year)}, {format_time(start)}–{format_time(end)}"
    return (
        f"{format_day(start, year=False)}, {format_time(start)} to "
        f"{format_day(end, year=year)}, {format_time(end)}"
    )


def format_duration(seconds: int) -> str:
    """7 days, 1 day, 2 hours, 30 minutes, 3 weeks."""
    delta = timedelta(seconds=seconds)
    for unit, size in (("week", 604_800), ("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds % size == 0 and seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return str(delta)
