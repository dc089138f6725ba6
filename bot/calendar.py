"""*Add to calendar*: modules as iCalendar (.ics) files, one module or the whole programme.

Times are written in the programme's own timezone with its VTIMEZONE, so calendars show
9:30 on the day of the module on both sides of a clock change. Each module keeps the same
UID across files and reloads, so importing a newer file (a moved module) updates the
event people already have instead of adding a second one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from bot.models import Module, Programme
from bot.timefmt import local

PRODID = "-//Cohort//Cohort programme calendar//EN"


def module_event(programme: Programme, module: Module, *, stamp: datetime) -> Event:
    """One module as a VEVENT in the programme's timezone."""
    event = Event()
    event.add("uid", f"module-{module.number}.{programme.slug}@cohort")
    event.add("dtstamp", stamp)
    event.add("summary", f"Module {module.number}: {module.title} ({programme.name})")
    event.add("dtstart", local(module.starts_at, programme.timezone))
    event.add("dtend", local(module.ends_at, programme.timezone))
    if module.venue:
        event.add("location", module.venue)
    elif module.online:
        event.add("location", module.online)
    if module.online:
        event.add("url", module.online)
    event.add("description", _description(module))
    return event


def _description(module: Module) -> str:
    parts = [module.summary or ""]
    if module.speakers:
        parts.append("Speakers: " + ", ".join(module.speakers))
    if module.prepare:
        parts.append("To prepare: " + module.prepare)
    if module.online:
        parts.append("Join online: " + module.online)
    return "\n\n".join(part for part in parts if part)


def calendar_of(programme: Programme, modules: Iterable[Module], *, stamp: datetime) -> bytes:
    """An .ics file holding these modules."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", programme.name)
    calendar.add("x-wr-timezone", programme.timezone)
    for module in modules:
        calendar.add_component(module_event(programme, module, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def module_ics(programme: Programme, module: Module, *, stamp: datetime) -> bytes:
    """One module's .ics (attached to its reminders)."""
    return calendar_of(programme, [module], stamp=stamp)


def programme_ics(
    session: Session, programme: Programme, *, stamp: datetime | None = None
) -> bytes:
    """Every active module of the programme in one .ics (handed out on request).

    `stamp` is the file's DTSTAMP (when it was made), now unless given.
    """
    modules = session.exec(
        select(Module)
        .where(Module.programme_id == programme.id, col(Module.active))
        .order_by(col(Module.starts_at))
    ).all()
    return calendar_of(programme, modules, stamp=stamp or datetime.now(UTC))


def ics_filename(*parts: str) -> str:
    """A safe file name such as `module-3-addressing-inequality.ics`."""
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return f"{slug[:80] or 'calendar'}.ics"
