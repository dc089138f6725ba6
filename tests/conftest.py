"""Shared fixtures: a fresh database per test on SQLite and PostgreSQL, and a manual clock.

PostgreSQL comes from `TEST_POSTGRES_URL` (default: the local trust-auth server). Each test
gets its own schema there, dropped afterwards. When the server is unreachable the
PostgreSQL half is skipped with the reason, except under `CI=true`, where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers every table on SQLModel.metadata)
from bot.clock import ManualClock
from bot.db import make_engine
from tests.slack_fixtures import emulator, programme_db, running_app  # noqa: F401 (fixtures)

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def postgres_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _require_postgres() -> None:
    """Skip (or fail under CI) when PostgreSQL cannot be reached."""
    try:
        with make_engine(postgres_url()).connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        reason = f"PostgreSQL unreachable at {postgres_url()}: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def postgres_schema_engine() -> tuple[Engine, Engine, str]:
    """An engine bound to a brand-new schema, the admin engine, and the schema's name."""
    _require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url())
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(postgres_url() + f"?options=-csearch_path%3D{schema}")
    return engine, admin, schema


def drop_schema(admin: Engine, schema: str) -> None:
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty database (no tables) on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'cohort.db'}")
        yield engine
        engine.dispose()
        return
    engine, admin, schema = postgres_schema_engine()
    yield engine
    engine.dispose()
    drop_schema(admin, schema)


@pytest.fixture
def db(empty_db: Engine) -> Engine:
    """A fresh database with Cohort's tables, on SQLite and on PostgreSQL."""
    SQLModel.metadata.create_all(empty_db)
    return empty_db


@pytest.fixture
def clock() -> ManualClock:
    """A clock that only moves when the test moves it (starts Mon 4 Jan 2027, 08:00 UTC)."""
    return ManualClock(datetime(2027, 1, 4, 8, 0, tzinfo=UTC))


@pytest.fixture
def example_file() -> Path:
    """The project's own example programme."""
    return REPO / "examples" / "programme.yaml"


@pytest.fixture
def shared_example_file() -> Path:
    """The example programme from ../shared."""
    return SHARED / "examples" / "london-leadership-7.yaml"


@pytest.fixture
def db_url(empty_db: Engine) -> str:
    """The URL of a fresh, empty database, for commands that migrate it themselves."""
    return empty_db.url.render_as_string(hide_password=False)


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run `cohort …` in-process with typer's CliRunner against the test database."""
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.chdir(tmp_path)  # no developer .env is picked up
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env={"DATABASE_URL": db_url}, input=input)

    return run
