"""`cohort run`: the bot and its scheduler, over Socket Mode, HTTP, or in the local sandbox."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from bot.app import choose_mode, serve_http, serve_socket_mode, stop_on_signals
from bot.cli.context import load_settings, migrated_engine
from bot.clock import SystemClock


def register(app: typer.Typer) -> None:
    """Add `cohort run` to the root app."""
    app.command("run")(run)


def run(
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode (needs SLACK_APP_TOKEN).")
    ] = False,
    http: Annotated[
        bool, typer.Option("--http", help="Serve POST /slack/events and GET /healthz.")
    ] = False,
    port: Annotated[
        int | None, typer.Option("--port", help="HTTP port (default: PORT, 3000).")
    ] = None,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="The local sandbox, even with tokens.")
    ] = False,
) -> None:
    """Start the bot and its scheduler; with no Slack tokens, the local sandbox."""
    settings = load_settings()
    mode = choose_mode(settings, socket=socket, http=http, sandbox=sandbox)
    engine = migrated_engine(settings)
    if mode == "sandbox":
        from bot.sandbox.runner import run_sandbox

        run_sandbox(settings, engine=engine)
        return
    stop = threading.Event()
    stop_on_signals(stop)
    if mode == "http":
        chosen = settings.port if port is None else port
        serve_http(settings, engine=engine, clock=SystemClock(), port=chosen, stop=stop)
    else:
        serve_socket_mode(settings, engine=engine, clock=SystemClock(), stop=stop)
