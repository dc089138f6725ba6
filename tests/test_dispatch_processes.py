"""Several dispatcher processes on one PostgreSQL database send each message exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import SQLModel

from bot.db import session_scope
from bot.delivery import METADATA_EVENT
from bot.slack_emulator import SlackEmulator
from tests.conftest import REPO, drop_schema, postgres_schema_engine
from tests.outbox_builders import build_programme, rows

PEOPLE = [f"U07LOAD{n:04d}" for n in range(60)]


@pytest.fixture
def pg_db() -> Iterator[Engine]:
    """A fresh PostgreSQL schema with Cohort's tables (skipped, with the reason, if absent)."""
    engine, admin, schema = postgres_schema_engine()
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    drop_schema(admin, schema)


@pytest.mark.postgres
def test_two_dispatcher_processes_send_each_message_once(
    pg_db: Engine, emulator: SlackEmulator
) -> None:
    """Two real processes drain 120 DMs and 3 channel posts: every key posted exactly once."""
    from bot.announcements import create_announcement
    from bot.models import Programme

    for person in PEOPLE:
        emulator.add_user(person, person.lower())
    programme_id = build_programme(pg_db, participants=PEOPLE, reminders=())
    now = datetime.now(UTC)
    with session_scope(pg_db) as session:
        programme = session.get(Programme, programme_id)
        assert programme is not None
        for n in range(2):
            create_announcement(
                session,
                programme=programme,
                text=f"Note {n}",
                dm=True,
                due_at=now,
                created_by=None,
                now=now,
            )
        create_announcement(
            session,
            programme=programme,
            text="Channel only",
            dm=False,
            due_at=now,
            created_by=None,
            now=now,
        )
    expected = len(rows(pg_db))
    assert expected == 2 * (len(PEOPLE) + 1) + 1
    url = pg_db.url.render_as_string(hide_password=False)
    start_at = str(time.time() + 1.0)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.dispatch_worker",
                url,
                emulator.api_url,
                emulator.bot_token,
                start_at,
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    keys = Counter(
        message["metadata"]["event_payload"]["key"]
        for call in emulator.calls
        if call.method == "chat.postMessage" and call.ok
        for message in [call.response["message"]]
        if (message.get("metadata") or {}).get("event_type") == METADATA_EVENT
    )
    assert sum(keys.values()) == len(keys) == expected
    assert sum(r["sent"] for r in results) == expected, results
    assert all(r.status == "sent" for r in rows(pg_db))
