"""`cohort calendar`: the whole programme as one .ics on stdout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from icalendar import Calendar


def test_calendar_writes_every_module_as_one_ics(
    cli: Any, example_file: Path, shared_example_file: Path
) -> None:
    """Each active module is a VEVENT in the programme's timezone; the programme is chosen."""
    assert cli("load", str(example_file)).exit_code == 0
    assert cli("load", str(shared_example_file)).exit_code == 0
    result = cli("calendar", "--programme", "london-leadership-7")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.stdout_bytes)
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        f"module-{n}.london-leadership-7@cohort" for n in range(1, 7)
    ]
    assert str(calendar["x-wr-timezone"]) == "Europe/London"
    first = events[0]["dtstart"].dt
    assert (str(first.tzinfo), first.hour, first.minute) == ("Europe/London", 9, 30)


def test_calendar_needs_a_programme_when_several_are_loaded(
    cli: Any, example_file: Path, shared_example_file: Path
) -> None:
    """With two programmes and no --programme, or an unknown one: one line, exit 1."""
    cli("load", str(example_file))
    cli("load", str(shared_example_file))
    ambiguous = cli("calendar")
    assert ambiguous.exit_code == 1
    assert ambiguous.stdout == ""
    assert len(ambiguous.stderr.strip().splitlines()) == 1
    unknown = cli("calendar", "--programme", "nope")
    assert unknown.exit_code == 1
    assert "--programme: no programme 'nope'" in unknown.stderr
