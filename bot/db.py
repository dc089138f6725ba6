"""Engines, sessions and bringing the schema up to date.

SQLite is the embedded default; PostgreSQL is the scale path. Sessions are opened by
whoever owns the transaction (a handler, a job, a CLI command) through `session_scope`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.errors import CohortError

logger = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout for concurrency."""
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends cleanly, roll back otherwise."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that migrates through `engine` (URL from settings, not alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration; a no-op when the schema is current."""
    try:
        command.upgrade(alembic_config(engine), "head")
    except OperationalError as exc:
        raise CohortError(f"database: cannot reach {engine.url!r}: {exc.orig}") from None


def pending_migrations(engine: Engine) -> list[str]:
    """Revisions not yet applied to the database, oldest first (for `cohort doctor`)."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    pending = []
    for revision in script.walk_revisions():
        if revision.revision in current:
            break
        pending.append(revision.revision)
    return list(reversed(pending))
