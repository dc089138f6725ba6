"""`cohort run` with no Slack tokens: the emulator, the real app over HTTP, the console.

The example programme is loaded if the database is empty; the emulator is seeded with the
people and channels of every programme; the app runs on a loopback port with the
scheduler on a sandbox clock that `/clock +7d` moves forward. Logs go to a file so the
console stays readable.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine

from bot.clock import OffsetClock
from bot.db import session_scope
from bot.loader import load_programme_path
from bot.programmes import programme_count
from bot.sandbox.console import SandboxConsole
from bot.sandbox.live import LiveApp
from bot.sandbox.seed import seed_emulator
from bot.sandbox.session import SandboxSession
from bot.settings import Settings
from bot.slack_emulator import SlackEmulator

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "programme.yaml"
LOG_FILE = Path("cohort-sandbox.log")


def load_example_if_empty(engine: Engine, example: Path = EXAMPLE) -> str | None:
    """Load the example programme into an empty database; a line saying so, or None."""
    with session_scope(engine) as session:
        if programme_count(session):
            return None
        if not example.is_file():
            return f"no programme loaded and no example at {example}: run `cohort load FILE`"
        report = load_programme_path(session, path=example)
    return f"Loaded the example programme: {report.summary()}"


def log_to_file(settings: Settings, path: Path = LOG_FILE) -> None:
    """Send every log line to `path` instead of the terminal the console is using."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler:  # the terminal handler from basicConfig
            root.removeHandler(handler)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(settings.log_level)


def start_sandbox(settings: Settings, *, engine: Engine, clock: OffsetClock) -> LiveApp:
    """The emulator (seeded from the database) and the app with its scheduler, started."""
    emulator = SlackEmulator(now=lambda: clock.now().timestamp()).start()
    with session_scope(engine) as session:
        seed_emulator(emulator, session)
    live = LiveApp(engine=engine, clock=clock, emulator=emulator, scheduler=True, settings=settings)
    return live.start()


def run_sandbox(settings: Settings, *, engine: Engine, console: Console | None = None) -> None:
    """The whole sandbox, until `/quit` or Ctrl-D."""
    console = console or Console(highlight=False)
    log_to_file(settings)
    note = load_example_if_empty(engine)
    if note:
        console.print(f"[dim]{note}[/]")
    clock = OffsetClock()
    live = start_sandbox(settings, engine=engine, clock=clock)
    console.print(f"[dim]App on {live.url}, Slack emulator on {live.emulator.api_url}, "
                  f"logs in {LOG_FILE}[/]")  # fmt: skip
    try:
        SandboxConsole(SandboxSession(live, clock=clock), console).loop()
    finally:
        live.stop()
        live.emulator.stop()
        console.print("[dim]Sandbox stopped.[/]")
