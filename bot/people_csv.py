"""`cohort people import FILE.csv`: people and profiles from a spreadsheet export.

The header names the same fields as the programme file's `people` entries; list fields
hold `;`-separated values in one cell. Every row is validated before anything is
written, and bad rows are reported by their spreadsheet row number (the header is row 1).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from bot.errors import CohortError
from bot.loader import LoadReport, upsert_person
from bot.models import Programme
from bot.programme_file import PersonSpec, ProgrammeFileError, pydantic_message

COLUMNS = (
    "slack",
    "name",
    "role",
    "organisation",
    "job_title",
    "goals",
    "development_areas",
    "challenges",
    "expertise",
    "capacity",
    "avoid",
)
OPTIONAL_COLUMNS = ("notes",)
LIST_COLUMNS = {"goals", "development_areas", "challenges", "expertise", "avoid"}
REQUIRED_COLUMNS = ("slack", "name", "role")


def read_people_csv(path: Path) -> list[PersonSpec]:
    """Parse and validate every row; raise one error listing every bad row."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            _check_header(path, header)
            rows = [(index, row) for index, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise CohortError(f"{path}: cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CohortError(f"{path}: not a readable CSV file: {exc}") from None
    people: list[PersonSpec] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        if None in row:
            problems.append(f"{path.name} row {number}: more cells than the header has columns")
            continue
        try:
            person = PersonSpec.model_validate(_cells(row))
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else "row"
                problems.append(f"{path.name} row {number}: {column}: {pydantic_message(error)}")
            continue
        if person.slack in seen:
            problems.append(
                f"{path.name} row {number}: slack: {person.slack} is already in "
                f"row {seen[person.slack]}"
            )
        seen[person.slack] = number
        people.append(person)
    if problems:
        raise ProgrammeFileError(problems)
    if not people:
        raise CohortError(f"{path}: no people in the file")
    return people


def _check_header(path: Path, header: list[str]) -> None:
    unknown = [name for name in header if name not in COLUMNS + OPTIONAL_COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    problems = [f"{path.name} row 1: unknown column {name!r}" for name in unknown]
    problems += [f"{path.name} row 1: missing column {name!r}" for name in missing]
    if problems:
        raise ProgrammeFileError(problems)


def _cells(row: dict[Any, Any]) -> dict[str, Any]:
    """Strings to the shapes PersonSpec expects; blank cells are left out."""
    values: dict[str, Any] = {}
    for name, raw in row.items():
        cell = (raw or "").strip()
        if not cell:
            continue
        if name in LIST_COLUMNS:
            values[name] = [part.strip() for part in cell.split(";") if part.strip()]
        elif name == "capacity":
            values[name] = int(cell) if cell.isdigit() else cell
        else:
            values[name] = cell
    return values


def import_people(
    session: Session, *, programme: Programme, people: list[PersonSpec]
) -> LoadReport:
    """Upsert validated people into a programme (in the caller's transaction)."""
    assert programme.id is not None
    report = LoadReport(programme.slug)
    for person in people:
        upsert_person(session, programme_id=programme.id, spec=person, report=report)
    session.flush()
    return report
