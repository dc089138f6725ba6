"""`cohort people import`: every row validated first, bad rows named by row number."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.errors import CohortError
from bot.loader import load_programme_path
from bot.models import Membership, Person
from bot.people_csv import import_people, read_people_csv
from bot.programme_file import ProgrammeFileError
from bot.programmes import resolve_programme
from tests.dbdump import dump

HEADER = (
    "slack,name,role,organisation,job_title,goals,development_areas,challenges,expertise,"
    "capacity,avoid\n"
)
GOOD = [
    "U0CSV00001,Ada Lovelace,participant,Camden Council,Assistant Director,"
    "chief executive role;national profile,public narrative,budget pressure,,,U0CSV00002\n",
    "U0CSV00002,Grace Hopper,mentor,Navy Board,Director,,,,finance;digital,3,\n",
]


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_valid_csv_parses_lists_and_numbers(tmp_path: Path) -> None:
    """List cells split on ';', capacity becomes a number, blank cells are absent."""
    ada, grace = read_people_csv(write(tmp_path, *GOOD))
    assert ada.goals == ["chief executive role", "national profile"]
    assert ada.avoid == ["U0CSV00002"]
    assert grace.capacity == 3
    assert grace.expertise == ["finance", "digital"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "U0CSV00003,Bad Role,mentee,,,,,,,,\n",
            "people.csv row 4: role: 'mentee' is not one of 'participant', 'mentor' or 'organiser'",
        ),
        (
            "X0CSV00003,Bad Id,participant,,,,,,,,\n",
            "people.csv row 4: slack: 'X0CSV00003' is not a Slack user id (U… or W…)",
        ),
        (
            "U0CSV00003,Bad Capacity,mentor,,,,,,,lots,\n",
            "people.csv row 4: capacity: 'lots': input should be a valid integer",
        ),
        (
            "U0CSV00001,Twice,participant,,,,,,,,\n",
            "people.csv row 4: slack: U0CSV00001 is already in row 2",
        ),
        (
            "U0CSV00003,Too,participant,,,,,,,,,extra\n",
            "people.csv row 4: more cells than the header has columns",
        ),
    ],
)
def test_bad_row_is_named(tmp_path: Path, row: str, expected: str) -> None:
    """A bad row is reported by its spreadsheet row number and column."""
    with pytest.raises(ProgrammeFileError) as caught:
        read_people_csv(write(tmp_path, *GOOD, row))
    assert caught.value.problems == [expected]


def test_unknown_column(tmp_path: Path) -> None:
    """A misspelt header column is an error naming it."""
    with pytest.raises(ProgrammeFileError, match="unknown column 'organization'"):
        read_people_csv(
            write(tmp_path, *GOOD, header=HEADER.replace("organisation", "organization"))
        )


def test_empty_file(tmp_path: Path) -> None:
    """A header with no rows imports nothing and says so."""
    with pytest.raises(CohortError, match="no people"):
        read_people_csv(write(tmp_path))


def test_import_upserts_into_programme(
    db: Engine, shared_example_file: Path, tmp_path: Path
) -> None:
    """Imported people join the programme; importing again changes nothing."""
    with session_scope(db) as session:
        load_programme_path(session, path=shared_example_file)
    people = read_people_csv(write(tmp_path, *GOOD))
    with session_scope(db) as session:
        report = import_people(session, programme=resolve_programme(session), people=people)
        assert report.changed
    before = dump(db)
    with session_scope(db) as session:
        assert not import_people(
            session, programme=resolve_programme(session), people=people
        ).changed
    assert dump(db) == before
    with session_scope(db) as session:
        grace = session.exec(select(Person).where(Person.slack_id == "U0CSV00002")).one()
        role = session.exec(select(Membership.role).where(Membership.person_id == grace.id)).one()
    assert role == "mentor"
