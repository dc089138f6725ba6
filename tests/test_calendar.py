"""*Add to calendar* files: local times with their timezone, stable UIDs, every module."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import Engine
from sqlmodel import select

from bot.calendar import ics_filename, module_ics, programme_ics
from bot.db import session_scope
from bot.loader import load_programme_path
from bot.models import Module, Programme

STAMP = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


def test_programme_calendar_holds_every_module_in_local_time(
    db: Engine, shared_example_file: Path
) -> None:
    """Six events at 09:30 London time (GMT and BST alike), with venue, link and UIDs."""
    with session_scope(db) as session:
        load_programme_path(session, path=shared_example_file)
        programme = session.exec(select(Programme)).one()
        data = programme_ics(session, programme, stamp=STAMP)
        module_5 = session.exec(select(Module).where(Module.number == 5)).one()
        single = module_ics(programme, module_5, stamp=STAMP)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    assert [e.decoded("dtstart").strftime("%H:%M %Z") for e in events[:4]] == [
        "09:30 GMT",
        "09:30 GMT",
        "09:30 GMT",
        "09:30 BST",
    ]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(events[2]["LOCATION"]).startswith("Toynbee Hall")
    assert str(events[0]["UID"]) == "module-1.london-leadership-7@cohort"
    [event] = Calendar.from_ical(single).walk("VEVENT")
    assert str(event["URL"]) == "https://meet.example.org/llp7-module-5"
    assert "Speakers: Deputy Mayor for Planning" in str(event["DESCRIPTION"])
    assert b"DTSTART;TZID=Europe/London:20270513T093000" in single


def test_file_names_are_safe() -> None:
    """Titles become short, lower-case, dash-separated .ics names."""
    assert ics_filename("module", "3", "Addressing Inequality") == (
        "module-3-addressing-inequality.ics"
    )
    assert ics_filename("Leading in the System — Cohort 7!") == "leading-in-the-system-cohort-7.ics"
