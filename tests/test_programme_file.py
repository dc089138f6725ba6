"""The programme file's validation: every rule names the field by its path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.programme_file import (
    ProgrammeFileError,
    format_path,
    parse_duration,
    parse_programme_file,
)

SHARED_EXAMPLE = (
    Path(__file__).resolve().parent.parent.parent / "shared/examples/london-leadership-7.yaml"
)

# (what is broken, how to break the shared example, the expected message line)
MALFORMED = [
    (
        "impossible date",
        ("starts: 2027-03-11 09:30", "starts: 2027-02-30 09:30"),
        "modules[2].starts: '2027-02-30 09:30' is not a valid date (line 74)",
    ),
    (
        "date-time format",
        ("starts: 2027-03-11 09:30", "starts: 11/03/2027"),
        "modules[2].starts: '11/03/2027' is not a date-time like 2027-01-14 09:30 (line 74)",
    ),
    (
        "unknown key",
        ("    venue: Toynbee Hall", "    venu: Toynbee Hall"),
        "modules[2].venu: unknown key (check the spelling against the programme file spec)"
        " (line 76)",
    ),
    (
        "duration",
        ("nudge_after: 3d", "nudge_after: 3 days"),
        "checkins.nudge_after: '3 days' is not a duration like 30m, 2h, 7d or 3w (line 37)",
    ),
    (
        "timezone",
        ("timezone: Europe/London", "timezone: Europe/Londn"),
        "programme.timezone: 'Europe/Londn' is not an IANA timezone like Europe/London (line 7)",
    ),
    (
        "role",
        ("role: mentor", "role: mentr"),
        "people[8].role: 'mentr' is not one of 'participant', 'mentor' or 'organiser' (line 159)",
    ),
    (
        "module order",
        ("ends: 2027-01-15 16:30", "ends: 2027-01-13 16:30"),
        "modules[0].ends: must be after starts (line 59)",
    ),
    (
        "duplicate module number",
        ("number: 2", "number: 1"),
        "modules[1].number: module number 1 is used twice (line 64)",
    ),
    (
        "duplicate FAQ id",
        ("- id: who-can-join", "- id: what-is-it"),
        "faq[1].id: FAQ id 'what-is-it' is used twice (line 190)",
    ),
    (
        "Slack user id",
        ("slack: U07LLPORG01", "slack: X07LLPORG01"),
        "people[0].slack: 'X07LLPORG01' is not a Slack user id (U… or W…) (line 107)",
    ),
    (
        "Slack channel id",
        ("channel: C07LLP00001", "channel: 'cohort-7'"),
        "programme.channel: 'cohort-7' is not a Slack channel id (C… or G…) (line 8)",
    ),
    (
        "empty value",
        ("channel: C07LLP00001", "channel: #cohort-7"),
        "programme.channel: is empty (a value is required; in YAML, a # starts a comment) (line 8)",
    ),
    (
        "missing required field",
        ("  name: London Leadership Programme — Cohort 7\n", ""),
        "programme.name: is required (line 5)",
    ),
    (
        "clock-change gap",
        ("starts: 2027-03-11 09:30", "starts: 2027-03-28 01:30"),
        "modules[2].starts: 2027-03-28 01:30 does not exist in Europe/London (the clocks go "
        "forward then) (line 74)",
    ),
    ("not YAML", ("  id: london-leadership-7", "  id: [london"), None),
    ("version", ("version: 1", "version: 2"), None),
]


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SHARED_EXAMPLE.read_text(encoding="utf-8")
    assert old in text, f"the example no longer contains {old!r}"
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shared_example_validates() -> None:
    """The shared example file passes validation with the defaults applied."""
    document = parse_programme_file(SHARED_EXAMPLE)
    assert document.programme.id == "london-leadership-7"
    assert [r.before for r in document.reminders] == [7 * 86_400, 86_400]
    assert len(document.modules) == 6


@pytest.mark.parametrize(("what", "edit", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_names_the_field_and_line(
    tmp_path: Path, what: str, edit: tuple[str, str], expected: str | None
) -> None:
    """Each kind of mistake is reported as one line with the field's path and its line."""
    with pytest.raises(ProgrammeFileError) as caught:
        parse_programme_file(broken_copy(tmp_path, *edit))
    problems = caught.value.problems
    assert problems, what
    assert all("(line " in p for p in problems), problems
    if expected is not None:
        assert problems[0] == expected


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Two mistakes in one file give two lines, not one at a time."""
    path = broken_copy(tmp_path, "nudge_after: 3d", "nudge_after: soon")
    path.write_text(path.read_text().replace("number: 2", "number: two"))
    with pytest.raises(ProgrammeFileError) as caught:
        parse_programme_file(path)
    assert len(caught.value.problems) == 2


def test_default_reminders_when_section_is_absent(tmp_path: Path) -> None:
    """Without a reminders section the spec's defaults apply: 7 days and 1 day before."""
    text = SHARED_EXAMPLE.read_text().replace(
        "reminders:\n  - before: 7d\n  - before: 1d\n    dm: true\n", ""
    )
    path = tmp_path / "p.yaml"
    path.write_text(text)
    document = parse_programme_file(path)
    assert [(r.before, r.dm) for r in document.reminders] == [(604_800, False), (86_400, False)]


@pytest.mark.parametrize(
    ("text", "seconds"), [("30m", 1_800), ("2h", 7_200), ("7d", 604_800), ("3w", 1_814_400)]
)
def test_durations(text: str, seconds: int) -> None:
    """Durations in the four units of the spec."""
    assert parse_duration(text) == seconds


def test_format_path() -> None:
    """Paths are written as people read them in the YAML."""
    assert format_path(("modules", 2, "starts")) == "modules[2].starts"
    assert format_path(("checkins", "prompts", 0, "id")) == "checkins.prompts[0].id"
