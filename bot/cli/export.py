"""`cohort export …`: programme data to stdout as CSV or JSON, one sub-command per kind.

The group lives here; each area adds its own command to `export_app` from its own CLI
module (`bot/cli/match.py` adds `matches`), sharing `FormatOption` and `write_rows`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

export_app = typer.Typer(help="Export programme data to stdout.", no_args_is_help=True)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


FormatOption = Annotated[
    ExportFormat, typer.Option("--format", "-f", help="csv (default) or json.")
]


def register(app: typer.Typer) -> None:
    """Add the `export` group to the root app."""
    app.add_typer(export_app, name="export")


def write_rows(
    fmt: ExportFormat,
    fields: Sequence[str],
    rows: Sequence[dict[str, Any]],
    csv_rows: Sequence[dict[str, str]] | None = None,
) -> None:
    """JSON: one list of objects; CSV: a header row, then one line per row."""
    if fmt is ExportFormat.JSON:
        typer.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows if csv_rows is not None else rows)
