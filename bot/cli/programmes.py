"""`cohort load`, `cohort people import`, `cohort db upgrade` and `cohort doctor`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from bot.cli.context import load_settings, migrated_engine
from bot.clock import SystemClock
from bot.db import make_engine, session_scope, upgrade
from bot.doctor import run_checks
from bot.loader import load_programme
from bot.people_csv import import_people, read_people_csv
from bot.planning import plan_all
from bot.privacy import forget_person
from bot.programme_file import parse_programme_file
from bot.programmes import programme_count, resolve_programme

people_app = typer.Typer(help="Manage the people of a programme.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database.", no_args_is_help=True)
ProgrammeOption = Annotated[
    str | None,
    typer.Option("--programme", "-p", help="Programme id; optional when only one is loaded."),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("load")(load)
    app.command("doctor")(doctor)
    app.command("forget")(forget)
    people_app.command("import")(people_import)
    app.add_typer(people_app, name="people")
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")


def load(
    file: Annotated[Path, typer.Argument(help="The programme file (YAML).")],
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Load only when no programme is loaded yet.")
    ] = False,
) -> None:
    """Validate a programme file and upsert it; loading the same file twice changes nothing."""
    document = parse_programme_file(file)  # validate before touching the database
    settings = load_settings()
    engine = migrated_engine(settings)
    with session_scope(engine) as session:
        if if_empty and programme_count(session):
            typer.echo("a programme is already loaded; leaving the database as it is")
            return
        report = load_programme(session, document=document)
    typer.echo(report.summary())
    plan_now(engine)


def plan_now(engine: Engine) -> None:
    """Queue, move or cancel scheduled messages for what just changed (its own transaction:
    the load stands even if planning fails; the bot's planner job would retry it)."""
    with session_scope(engine) as session:
        typer.echo(plan_all(session, now=SystemClock().now()).summary())


def people_import(
    file: Annotated[Path, typer.Argument(help="A CSV file of people.")],
    programme: ProgrammeOption = None,
) -> None:
    """Validate a people CSV and upsert every row; nothing is imported if any row is bad."""
    people = read_people_csv(file)
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        report = import_people(
            session, programme=resolve_programme(session, programme), people=people
        )
    typer.echo(report.summary())


def db_upgrade() -> None:
    """Apply pending database migrations."""
    settings = load_settings()
    upgrade(make_engine(settings.database_url))
    typer.echo("database is up to date")


def doctor() -> None:
    """Check configuration, the database, programmes and (with tokens) Slack."""
    ok = True
    for check in run_checks(load_settings()):
        mark = "✓" if check.ok else "✗"
        typer.echo(f"{mark} {check.name}: {check.detail}")
        ok = ok and check.ok
    if not ok:
        raise typer.Exit(1)


def forget(
    user: Annotated[str, typer.Argument(help="The person's Slack user id (U…).")],
) -> None:
    """Erase a person's personal data everywhere, keeping anonymous counts."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        report = forget_person(session, slack_id=user)
    typer.echo(report.summary(user))
