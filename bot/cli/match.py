"""`cohort match` (propose, and with `--apply` record and introduce) and `export matches`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.cli.context import load_settings, migrated_engine
from bot.cli.export import ExportFormat, FormatOption, export_app, write_rows
from bot.cli.programmes import ProgrammeOption
from bot.clock import SystemClock
from bot.db import session_scope
from bot.matching.report import EXPORT_FIELDS, pair_reports
from bot.matching.service import Proposal, apply_matches, propose_matches
from bot.programmes import resolve_programme


def register(app: typer.Typer) -> None:
    """Add `match` to the root app and `matches` to the `export` group."""
    app.command("match")(match)
    export_app.command("matches")(export_matches)


def match(
    programme: ProgrammeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Record the pairs and queue the introductions.")
    ] = False,
) -> None:
    """Propose the best mentor for every participant without one (optimal overall)."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        chosen = resolve_programme(session, programme)
        proposal = propose_matches(session, programme=chosen)
        if apply:
            apply_matches(
                session, programme=chosen, proposal=proposal, approved_by=None,
                now=SystemClock().now(),
            )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(proposal.to_json(), ensure_ascii=False))
        return
    for line in describe(proposal, applied=apply):
        typer.echo(line)


def describe(proposal: Proposal, *, applied: bool) -> list[str]:
    """The proposal as lines for a person at a terminal."""
    lines = [
        f"{proposal.programme}: {len(proposal.pairs)} pairs proposed, "
        f"total score {proposal.total_score:.2f}"
    ]
    for pair in proposal.pairs:
        reasons = ", ".join(pair.reasons) or "no shared themes"
        lines.append(
            f"  {pair.mentor_name} ({pair.mentor}) → {pair.mentee_name} ({pair.mentee})  "
            f"{pair.score:.2f}  {reasons}"
        )
    if proposal.unmatched:
        lines.append(f"unmatched: {len(proposal.unmatched)}")
        lines.extend(f"  {u.name} ({u.mentee}): {u.reason}" for u in proposal.unmatched)
    if applied:
        lines.append(f"recorded {len(proposal.pairs)} pairs; introductions queued")
    elif proposal.pairs:
        lines.append("nothing recorded: run again with --apply to record these pairs")
    return lines


def export_matches(programme: ProgrammeOption = None, fmt: FormatOption = ExportFormat.CSV) -> None:
    """Every mentor pair with its meetings: last, next, count, and whether it has gone quiet."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        chosen = resolve_programme(session, programme)
        reports = pair_reports(session, programme=chosen, now=SystemClock().now())
    write_rows(fmt, EXPORT_FIELDS, [r.as_dict() for r in reports], [r.as_row() for r in reports])
