"""`cohort schedule` (the outbox, as interfaces.md says) and `cohort announce`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.announcements import create_announcement, parse_local_time
from bot.cli.context import load_settings, migrated_engine
from bot.clock import SystemClock
from bot.db import session_scope
from bot.outbox import list_messages
from bot.programmes import resolve_programme
from bot.timefmt import format_day, format_time, local

ProgrammeOption = Annotated[
    str | None,
    typer.Option("--programme", "-p", help="Programme id; optional when only one is loaded."),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("schedule")(schedule)
    app.command("announce")(announce)


def schedule(
    programme: ProgrammeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list, for scripts.")] = False,
) -> None:
    """List the programme's scheduled messages: queued, sent, failed and cancelled."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        found = resolve_programme(session, programme)
        assert found.id is not None  # a loaded programme has its id
        messages = list_messages(session, programme_id=found.id)
        zone = found.timezone
    if as_json:
        listing = [
            {
                "key": m.key,
                "kind": m.kind,
                "due": local(m.due_at, zone).isoformat(),
                "target": m.target,
                "status": m.status,
            }
            for m in messages
        ]
        typer.echo(json.dumps(listing, ensure_ascii=False))
        return
    if not messages:
        typer.echo(f"{found.slug}: nothing scheduled")
        return
    for m in messages:
        when = local(m.due_at, zone)
        line = f"{format_day(when)} {format_time(when):>5}  {m.status:<9}  {m.kind:<15}  {m.target}"
        if m.status in ("failed", "cancelled") and m.last_error:
            line += f"  ({m.last_error})"
        typer.echo(line)


ProgrammesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--programme",
        "-p",
        help="Programme id; repeat it to announce to several cohorts; optional when only "
        "one is loaded.",
    ),
]


def announce(
    text: Annotated[list[str], typer.Argument(help="What to announce.")],
    programme: ProgrammesOption = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help='When, in each programme\'s timezone: "YYYY-MM-DD HH:MM".'),
    ] = None,
    dm: Annotated[bool, typer.Option("--dm", help="Also DM every participant.")] = False,
) -> None:
    """Queue an announcement to the cohort channel (now, or --at a local time).

    With `--programme` given several times, one announcement per programme is queued, all
    or none: a bad programme id or time in any of them queues nothing.
    """
    engine = migrated_engine(load_settings())
    now = SystemClock().now()
    recipients = "the cohort channel" + (" and every participant by DM" if dm else "")
    lines = []
    with session_scope(engine) as session:
        slugs: list[str | None] = list(dict.fromkeys(programme)) if programme else [None]
        chosen = [resolve_programme(session, slug) for slug in slugs]
        for found in chosen:
            due = parse_local_time(at, found.timezone, what="--at") if at else now
            announcement = create_announcement(
                session,
                programme=found,
                text=" ".join(text),
                dm=dm,
                due_at=due,
                created_by=None,
                now=now,
            )
            when = local(announcement.due_at, found.timezone)
            moment = "now" if at is None else f"on {format_day(when)} at {format_time(when)}"
            prefix = f"{found.slug}: " if len(chosen) > 1 else ""
            lines.append(
                f"{prefix}announcement {announcement.id} queued for {recipients}, {moment}"
            )
    for line in lines:
        typer.echo(line)
