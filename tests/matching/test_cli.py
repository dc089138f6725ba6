"""`cohort match` and `cohort export matches` through typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from bot.db import session_scope
from bot.matching.report import EXPORT_FIELDS
from bot.models import MeetingLog, MentorMatch, Programme, ScheduledMessage
from tests.dbdump import dump


def test_match_json_is_the_documented_object(cli, shared_example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """`--json` prints exactly programme/pairs/unmatched/total_score; --programme is optional."""
    assert cli("load", str(shared_example_file)).exit_code == 0
    result = cli("match", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["programme", "pairs", "unmatched", "total_score"]
    assert data["programme"] == "london-leadership-7"
    assert data["unmatched"] == []
    assert len(data["pairs"]) == 6
    for pair in data["pairs"]:
        assert list(pair) == ["mentor", "mentee", "score", "reasons"]
        assert 0 <= pair["score"] <= 1
    daniel = next(p for p in data["pairs"] if p["mentee"] == "U07LLPP0002")
    assert daniel["mentor"] == "U07LLPM0001"
    assert daniel["reasons"][:2] == ["chief executive role", "finance"]
    assert abs(data["total_score"] - sum(p["score"] for p in data["pairs"])) < 0.03


def test_match_without_apply_writes_nothing(cli, empty_db: Engine, example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """A plain proposal explains itself to a person and leaves the database unchanged."""
    cli("load", str(example_file))
    before = dump(empty_db)
    result = cli("match", "--programme", "rise-west-midlands-3")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("rise-west-midlands-3: 12 pairs proposed, total score ")
    assert "nothing recorded: run again with --apply" in result.stdout
    assert dump(empty_db) == before


def test_apply_records_pairs_and_queues_one_intro_each(
    cli, empty_db: Engine, shared_example_file: Path
) -> None:  # type: ignore[no-untyped-def]
    """`--apply` records active pairs and one group-DM intro per pair; again adds nothing."""
    cli("load", str(shared_example_file))
    result = cli("match", "--apply")
    assert result.exit_code == 0, result.output
    assert "recorded 6 pairs; introductions queued" in result.stdout
    with session_scope(empty_db) as session:
        matches = session.exec(select(MentorMatch)).all()
        intros = session.exec(
            select(ScheduledMessage).where(ScheduledMessage.kind == "mentor_intro")
        ).all()
        assert {m.status for m in matches} == {"active"}
        assert sorted(i.key for i in intros) == sorted(
            f"intro:london-leadership-7:{m.id}" for m in matches
        )
        daniel = next(i for i in intros if i.target.endswith("U07LLPP0002"))
        assert daniel.target == "U07LLPM0001,U07LLPP0002"
    again = cli("match", "--apply", "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout)["pairs"] == []
    with session_scope(empty_db) as session:
        assert len(session.exec(select(MentorMatch)).all()) == 6
        intros_again = select(ScheduledMessage).where(ScheduledMessage.kind == "mentor_intro")
        assert len(session.exec(intros_again).all()) == len(intros)


def test_handled_errors_are_one_line(
    cli, empty_db: Engine, example_file: Path, shared_example_file: Path
) -> None:  # type: ignore[no-untyped-def]
    """Several programmes without --programme, an unknown one, mentoring off: exit 1, one line."""
    cli("load", str(example_file))
    cli("load", str(shared_example_file))
    several = cli("match")
    assert several.exit_code == 1
    assert several.stderr.startswith("cohort: several programmes are loaded")
    assert len(several.stderr.splitlines()) == 1
    unknown = cli("match", "--programme", "nope")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("cohort: --programme: no programme 'nope'")
    with session_scope(empty_db) as session:
        programme = session.exec(
            select(Programme).where(Programme.slug == "london-leadership-7")
        ).one()
        programme.mentoring_enabled = False
    off = cli("match", "-p", "london-leadership-7", "--apply")
    assert off.exit_code == 1
    assert off.stderr == (
        "cohort: programme 'london-leadership-7' has mentoring switched off "
        "(add a `mentoring:` section to its programme file)\n"
    )


def test_export_matches_csv_and_json(cli, empty_db: Engine, shared_example_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Every pair with meeting count, last and next meeting and the quiet flag, CSV or JSON."""
    cli("load", str(shared_example_file))
    cli("match", "--apply")
    with session_scope(empty_db) as session:
        match = session.exec(select(MentorMatch).order_by(col(MentorMatch.id))).first()
        assert match is not None
        assert match.id is not None
        session.add(
            MeetingLog(
                match_id=match.id,
                logged_by="U07LLPM0001",
                met_on=date.today(),
                topics="private to the pair",
                next_on=date(2099, 1, 1),
                created_at=datetime.now(UTC),
            )
        )
    as_csv = cli("export", "matches")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert len(rows) == 6
    assert {r["status"] for r in rows} == {"active"}
    assert {r["quiet"] for r in rows} == {"no"}  # just matched
    met = [r for r in rows if r["meetings"] == "1"]
    assert len(met) == 1
    assert met[0]["last_meeting"] == date.today().isoformat()
    assert met[0]["next_meeting"] == "2099-01-01"
    assert "private to the pair" not in as_csv.stdout
    as_json = cli("export", "matches", "--programme", "london-leadership-7", "--format", "json")
    data = json.loads(as_json.stdout)
    assert [list(r) for r in data] == [list(EXPORT_FIELDS)] * 6
    assert sum(r["meetings"] for r in data) == 1
    assert all(isinstance(r["reasons"], list) for r in data)
