"""`cohort export reflections`: only where the programme shares reflections with organisers."""

from __future__ import annotations

import typer

from bot.checkins import prompt_keys, reflections_for_export
from bot.cli.context import load_settings, migrated_engine
from bot.cli.export import ExportFormat, FormatOption, export_app, write_rows
from bot.cli.schedule import ProgrammeOption
from bot.db import session_scope
from bot.programmes import resolve_programme

FIELDS = ["module", "slack", "name", "submitted_at", "updated_at", "share_with_mentor"]


def register(app: typer.Typer) -> None:
    """Add `export reflections` to the export group (the group is registered by export.py)."""
    export_app.command("reflections")(export_reflections)


def export_reflections(
    programme: ProgrammeOption = None, fmt: FormatOption = ExportFormat.CSV
) -> None:
    """Write every reflection (one row each); refused unless the programme allows it."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        found = resolve_programme(session, programme)
        rows = reflections_for_export(session, programme=found)
        keys = prompt_keys(session, programme=found)
    csv_rows = [
        {**{f: str(row[f]) for f in FIELDS}, **{k: str(row["answers"].get(k, "")) for k in keys}}
        for row in rows
    ]
    write_rows(fmt, FIELDS + keys, rows, csv_rows)
