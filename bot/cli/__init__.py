"""The `cohort` command line: parse arguments, call into `bot/`, print results.

Exit status follows interfaces.md: 0 on success, 1 on a handled error (one line per
problem on stderr, no traceback), 2 on a usage error (typer's own).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from bot.cli import ask, calendar, checkins, export, match, programmes, run, schedule
from bot.errors import CohortError


class _CohortGroup(TyperGroup):
    """Turns a `CohortError` from any command into its lines on stderr and exit status 1."""

    def invoke(self, ctx: Any) -> Any:  # click.Context, which typer no longer exports
        try:
            return super().invoke(ctx)
        except CohortError as exc:
            for line in str(exc).splitlines() or ["error"]:
                typer.echo(f"cohort: {line}", err=True)
            ctx.exit(1)


app = typer.Typer(
    name="cohort",
    cls=_CohortGroup,
    help="Cohort: a Slack companion for leadership development programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
programmes.register(app)
export.register(app)
match.register(app)
schedule.register(app)
checkins.register(app)
run.register(app)
ask.register(app)
calendar.register(app)


def main() -> None:
    """Entry point of the `cohort` console script and `python -m bot`."""
    app()
