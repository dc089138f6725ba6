"""`cohort schedule` and `cohort announce`, as interfaces.md specifies them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

SLUG = "london-leadership-7"
RISE = "rise-west-midlands-3"


def test_load_plans_and_schedule_lists_json(cli: Any, shared_example_file: Path) -> None:
    """After `cohort load`, `cohort schedule --json` lists each message with the five keys."""
    loaded = cli("load", str(shared_example_file))
    assert loaded.exit_code == 0, loaded.output
    assert "scheduled messages:" in loaded.stdout
    result = cli("schedule", "--programme", SLUG, "--json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert listing, "the example programme's reminders are planned on load"
    assert all(set(item) == {"key", "kind", "due", "target", "status"} for item in listing)
    assert {item["kind"] for item in listing} >= {"module_reminder", "checkin_invite"}
    first = next(i for i in listing if i["key"].startswith(f"reminder:{SLUG}:m1:-7d:C07LLP00001"))
    assert first == {
        "key": first["key"],
        "kind": "module_reminder",
        "due": "2027-01-07T09:30:00+00:00",
        "target": "C07LLP00001",
        "status": "queued",
    }
    summer = next(i for i in listing if i["key"].startswith(f"reminder:{SLUG}:m4:-1d:C07LLP00001"))
    assert summer["due"] == "2027-04-14T09:30:00+01:00"  # 09:30 BST, with its offset
    dues = [datetime.fromisoformat(i["due"]) for i in listing]
    assert dues == sorted(dues)
    again = cli("load", str(shared_example_file))
    assert "0 queued, 0 cancelled" in again.stdout


def test_announce_at_a_local_time_with_dms(cli: Any, shared_example_file: Path) -> None:
    """`--at` is read in the programme's timezone; `--dm` adds one DM per participant."""
    cli("load", str(shared_example_file))
    result = cli(
        "announce",
        "--programme",
        SLUG,
        "--at",
        "2027-06-01 10:00",
        "--dm",
        "Venue",
        "change",
        "for",
        "module",
        "6",
    )
    assert result.exit_code == 0, result.output
    assert "queued for the cohort channel and every participant by DM" in result.stdout
    assert "Tuesday 1 June 2027 at 10:00" in result.stdout
    listing = json.loads(cli("schedule", "--json").stdout)
    announcements = [i for i in listing if i["kind"] == "announcement"]
    assert len(announcements) == 1 + 6  # the channel and six participants
    assert {i["due"] for i in announcements} == {"2027-06-01T10:00:00+01:00"}
    table = cli("schedule").stdout
    assert "Tuesday 1 June 2027 10:00  queued     announcement     C07LLP00001" in table


def test_announce_rejects_bad_input_with_one_line(cli: Any, shared_example_file: Path) -> None:
    """A malformed or past --at, empty text or an unknown programme: exit 1, nothing queued."""
    cli("load", str(shared_example_file))
    before = cli("schedule", "--json").stdout
    cases = [
        (["--at", "tomorrow", "Hi"], "--at: 'tomorrow' is not a date and time like"),
        (["--at", "2020-01-01 09:00", "Hi"], "is in the past"),
        (["--at", "2027-03-28 01:30", "Hi"], "does not exist in Europe/London"),
        (["   "], "announcement: the text is empty"),
        (["--programme", "nope", "Hi"], "--programme: no programme 'nope'"),
    ]
    for args, message in cases:
        result = cli("announce", *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.count("\n") == 1, result.stderr
        assert message in result.stderr, result.stderr
    assert cli("schedule", "--json").stdout == before


def test_announce_to_several_programmes(
    cli: Any, example_file: Path, shared_example_file: Path
) -> None:
    """`--programme` repeated queues one announcement per programme, each at its local time;
    one unknown programme among them queues nothing."""
    cli("load", str(example_file))
    cli("load", str(shared_example_file))
    before = {p: cli("schedule", "--programme", p, "--json").stdout for p in (SLUG, RISE)}
    failed = cli("announce", "--programme", SLUG, "--programme", "nope", "Hello")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("cohort: --programme: no programme 'nope'")
    assert failed.stderr.count("\n") == 1
    assert {p: cli("schedule", "--programme", p, "--json").stdout for p in before} == before
    result = cli("announce", "-p", SLUG, "--programme", RISE, "-p", SLUG,
                 "--at", "2027-06-01 10:00", "Hello", "cohorts")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{SLUG}: announcement ")
    assert lines[1].startswith(f"{RISE}: announcement ")
    assert all(line.endswith("queued for the cohort channel, on Tuesday 1 June 2027 at 10:00")
               for line in lines)  # fmt: skip
    channels = {SLUG: "C07LLP00001", RISE: "C0EXCOHORT1"}
    for slug, channel in channels.items():
        listing = json.loads(cli("schedule", "--programme", slug, "--json").stdout)
        announcements = [i for i in listing if i["kind"] == "announcement"]
        assert [(i["target"], i["due"]) for i in announcements] == [
            (channel, "2027-06-01T10:00:00+01:00")
        ]


def test_export_reflections_only_where_shared(
    cli: Any, shared_example_file: Path, tmp_path: Path
) -> None:
    """Refused with one line when the programme keeps reflections private; CSV/JSON if shared."""
    cli("load", str(shared_example_file))
    refused = cli("export", "reflections", "--programme", SLUG)
    assert refused.exit_code == 1
    assert "does not share reflections with organisers" in refused.stderr
    shared = tmp_path / "shared.yaml"
    shared.write_text(
        shared_example_file.read_text(encoding="utf-8").replace(
            "share_reflections_with_organisers: false", "share_reflections_with_organisers: true"
        ),
        encoding="utf-8",
    )
    cli("load", str(shared))
    empty = cli("export", "reflections", "--programme", SLUG)
    assert empty.exit_code == 0, empty.output
    assert empty.stdout.splitlines() == [
        "module,slack,name,submitted_at,updated_at,share_with_mentor,"
        "insight,action,challenge,confidence"
    ]
    assert json.loads(cli("export", "reflections", "--format", "json").stdout) == []
