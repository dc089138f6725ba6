"""What every handler and job needs, in one small object: settings, database, clock.

Built once by the app factory (`bot/app.py`) and passed to `handlers.register_listeners`
and `schedules.register_jobs`; no Slack types here, so services and jobs can take it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.settings import Settings


@dataclass(frozen=True)
class AppContext:
    """The running bot's settings, database engine and clock (injectable for tests)."""

    settings: Settings
    engine: Engine
    clock: Clock
