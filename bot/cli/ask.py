"""`cohort ask` (one question, or `--batch` many) and `cohort export questions`.

`ask` answers exactly as the bot would answer that person at that local time, without
logging anything: it is how organisers try the FAQ out and how the benchmark runs.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from sqlmodel import Session

from bot.answering import Answer, engine_for, log, programme_for
from bot.answering.engine import AnswerEngine
from bot.cli.context import load_settings, migrated_engine
from bot.cli.export import ExportFormat, FormatOption, export_app, write_rows
from bot.cli.programmes import ProgrammeOption
from bot.clock import SystemClock
from bot.db import session_scope
from bot.errors import CohortError
from bot.programmes import resolve_programme

AT_FORMAT = "%Y-%m-%d %H:%M"


def register(app: typer.Typer) -> None:
    """Add `ask` to the root app, and `questions` and `wordings` to the `export` group."""
    app.command("ask")(ask)
    export_app.command("questions")(export_questions)
    export_app.command("wordings")(export_wordings)


def ask(
    question: Annotated[list[str] | None, typer.Argument(help="The question.")] = None,
    programme: ProgrammeOption = None,
    asker: Annotated[
        str | None, typer.Option("--as", help="Answer as this Slack user (e.g. U07LLPP0001).")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help='Local time "YYYY-MM-DD HH:MM" (default: now).')
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help='JSON lines {"q", "as"?, "at"?}; "-" reads stdin.'),
    ] = None,
) -> None:
    """Answer a question as the bot would (nothing is logged)."""
    if batch is not None:
        if question:
            raise typer.BadParameter("give either a QUESTION or --batch, not both")
        _ask_batch(batch, programme)
        return
    text = " ".join(question or []).strip()
    if not text:
        raise typer.BadParameter("no question given")
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        chosen = programme_for(session, programme=programme, asker=asker)
        when = _when(at, chosen.timezone, "--at")
        answer = engine_for(session, programme=chosen).answer(
            session, question=text, asker=asker, at=when
        )
    if as_json:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        typer.echo(_plain(answer))


def _when(value: str | None, timezone: str, where: str) -> datetime:
    """A local "YYYY-MM-DD HH:MM" in the programme's zone (now when not given)."""
    if value is None:
        return SystemClock().now()
    try:
        return datetime.strptime(value.strip(), AT_FORMAT).replace(tzinfo=ZoneInfo(timezone))
    except ValueError:
        raise CohortError(f"{where}: {value!r} is not a time like 2027-03-11 09:30") from None


def _plain(answer: Answer) -> str:
    if not answer.answered:
        offered = "".join(f"\n  may help: {s.title} (faq:{s.slug})" for s in answer.suggestions)
        return f"{answer.text}\n(not answered: it would go to the organisers){offered}"
    source = answer.title or (answer.sources[0].label if answer.sources else "")
    return f"{answer.text}\n(source: {source}; confidence {answer.confidence:.2f})"


def _read_batch(batch: str) -> list[dict[str, Any]]:
    """Every request of a batch, checked before any is answered."""
    if batch == "-":
        lines = sys.stdin.read().splitlines()
        name = "stdin"
    else:
        path = Path(batch)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CohortError(f"--batch: cannot read {batch}: {exc.strerror}") from None
        name = batch
    requests = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CohortError(f"{name} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(request, dict) or not isinstance(request.get("q"), str):
            raise CohortError(f'{name} line {number}: needs {{"q": "question", ...}}')
        for key in ("as", "at"):
            if request.get(key) is not None and not isinstance(request[key], str):
                raise CohortError(f"{name} line {number}: {key!r} must be a string")
        request["_where"] = f"{name} line {number}"
        requests.append(request)
    return requests


def _ask_batch(batch: str, programme: str | None) -> None:
    """One JSON answer per request, in order; the index is built once per programme."""
    requests = _read_batch(batch)
    engine = migrated_engine(load_settings())
    engines: dict[int | None, AnswerEngine] = {}
    with session_scope(engine) as session:
        for request in requests:
            answer = _answer_one(session, request, programme, engines)
            typer.echo(json.dumps(answer.to_json(), ensure_ascii=False))


def _answer_one(
    session: Session,
    request: dict[str, Any],
    programme: str | None,
    engines: dict[int | None, AnswerEngine],
) -> Answer:
    asker = request.get("as")
    chosen = programme_for(session, programme=programme, asker=asker)
    when = _when(request.get("at"), chosen.timezone, f"{request['_where']}: at")
    if chosen.id not in engines:
        engines[chosen.id] = engine_for(session, programme=chosen)
    return engines[chosen.id].answer(session, question=request["q"], asker=asker, at=when)


def export_questions(
    programme: ProgrammeOption = None, fmt: FormatOption = ExportFormat.CSV
) -> None:
    """Every question asked, the answer and its source, feedback and escalations."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        chosen = resolve_programme(session, programme)
        rows = log.question_rows(session, programme=chosen)
    csv_rows = [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    write_rows(fmt, log.EXPORT_FIELDS, rows, csv_rows)


def export_wordings(
    programme: ProgrammeOption = None, fmt: FormatOption = ExportFormat.CSV
) -> None:
    """The askers' wordings organisers added to FAQ entries (from confirmed suggestions)."""
    engine = migrated_engine(load_settings())
    with session_scope(engine) as session:
        rows = log.wording_rows(session, programme=resolve_programme(session, programme))
    write_rows(fmt, log.WORDING_FIELDS, rows)
