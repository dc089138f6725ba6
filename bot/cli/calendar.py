"""`cohort calendar`: the whole programme as one .ics on stdout, the file the bot hands out."""

from __future__ import annotations

import typer

from bot.calendar import programme_ics
from bot.cli.context import load_settings, migrated_engine
from bot.cli.schedule import ProgrammeOption
from bot.clock import SystemClock
from bot.db import session_scope
from bot.programmes import resolve_programme


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command("calendar")(calendar)


def calendar(programme: ProgrammeOption = None) -> None:
    """Write every active module of the programme as one iCalendar (.ics) file to stdout."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        found = resolve_programme(session, programme)
        content = programme_ics(session, found, stamp=SystemClock().now())
    typer.echo(content, nl=False)
