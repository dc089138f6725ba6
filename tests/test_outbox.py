"""The outbox table's rules: idempotent queueing, atomic fair claims, leases, retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot import outbox
from bot.db import session_scope
from tests.outbox_builders import build_programme, rows

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


def put(
    engine: Engine, key: str, *, programme_id: int, target: str = "C07COHORT01", due: datetime = NOW
) -> bool:
    with session_scope(engine) as session:
        return outbox.queue(
            session,
            key=key,
            kind="announcement",
            target=target,
            due_at=due,
            payload={"n": key},
            programme_id=programme_id,
            now=NOW,
        )


@pytest.fixture
def programme_id(db: Engine) -> int:
    return build_programme(db)


def test_queue_is_idempotent_by_key(db: Engine, programme_id: int) -> None:
    """Queueing the same key twice leaves one row, with the first payload."""
    assert put(db, "k1", programme_id=programme_id)
    assert not put(db, "k1", programme_id=programme_id, target="U07PART0001")
    [row] = rows(db)
    assert (row.key, row.target, row.status, row.attempts) == ("k1", "C07COHORT01", "queued", 0)


def test_claim_takes_due_rows_once(db: Engine, programme_id: int) -> None:
    """Only due rows are claimed, and a claimed row is not claimed again while leased."""
    put(db, "due", programme_id=programme_id)
    put(db, "later", programme_id=programme_id, due=NOW + timedelta(hours=1))
    first = outbox.claim_due(db, worker_id="a", now=NOW)
    second = outbox.claim_due(db, worker_id="b", now=NOW + timedelta(seconds=30))
    assert [m.key for m in first] == ["due"]
    assert first[0].attempts == 1
    assert not first[0].may_have_been_sent
    assert second == []


def test_expired_lease_is_claimed_again_as_a_possible_resend(db: Engine, programme_id: int) -> None:
    """A row whose worker died is claimed after its lease, flagged as maybe already sent."""
    put(db, "k", programme_id=programme_id)
    outbox.claim_due(db, worker_id="dead", now=NOW, lease=timedelta(minutes=2))
    assert outbox.claim_due(db, worker_id="b", now=NOW + timedelta(minutes=1)) == []
    [again] = outbox.claim_due(db, worker_id="b", now=NOW + timedelta(minutes=2, seconds=1))
    assert again.attempts == 2
    assert again.may_have_been_sent
    with session_scope(db) as session:
        lost = outbox.mark_sent(
            session,
            message_id=again.id,
            worker_id="dead",
            now=NOW,
            slack_channel="C",
            slack_ts="1.0",
        )
        kept = outbox.mark_sent(
            session, message_id=again.id, worker_id="b", now=NOW, slack_channel="C", slack_ts="2.0"
        )
    assert (lost, kept) == (False, True)
    assert rows(db)[0].slack_ts == "2.0"


def test_claims_are_fair_across_programmes(db: Engine) -> None:
    """A programme with many due messages does not starve one with a single message."""
    big = build_programme(db, slug="big", participants=())
    small = build_programme(db, slug="small", channel="C07SMALL001", participants=())
    for n in range(10):
        put(db, f"big-{n}", programme_id=big, target=f"U{n:010d}", due=NOW - timedelta(hours=1))
    put(db, "small-0", programme_id=small, target="C07SMALL001")
    claimed = outbox.claim_due(db, worker_id="w", now=NOW, limit=3)
    assert "small-0" in [m.key for m in claimed]
    assert [m.programme_id for m in claimed][:2] in ([big, small], [small, big])


def test_claim_spreads_over_targets(db: Engine, programme_id: int) -> None:
    """Each target's oldest row comes before any target's second (pacing-friendly)."""
    for n in range(4):
        put(db, f"a-{n}", programme_id=programme_id, target="U000000000A")
    put(db, "b-0", programme_id=programme_id, target="U000000000B")
    claimed = outbox.claim_due(db, worker_id="w", now=NOW, limit=2)
    assert sorted(m.key for m in claimed) == ["a-0", "b-0"]


def test_retry_backs_off_then_fails_keeping_the_error(db: Engine, programme_id: int) -> None:
    """Transient failures wait 30 s, 60 s, … and the last allowed one marks the row failed."""
    put(db, "k", programme_id=programme_id)
    now, waits, status = NOW, [], "queued"
    for _ in range(3):
        [message] = outbox.claim_due(db, worker_id="w", now=now)
        with session_scope(db) as session:
            status = outbox.mark_retry(
                session,
                message_id=message.id,
                worker_id="w",
                now=now,
                error="internal_error",
                max_attempts=3,
                base_delay=timedelta(seconds=30),
            )
        row = rows(db)[0]
        if row.next_attempt_at and status == "queued":
            waits.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
    [row] = rows(db)
    assert waits == [30, 60]
    assert (status, row.status, row.attempts, row.last_error) == (
        "failed",
        "failed",
        3,
        "internal_error",
    )
    assert outbox.claim_due(db, worker_id="w", now=now + timedelta(days=1)) == []


def test_rate_limit_waits_without_counting_an_attempt(db: Engine, programme_id: int) -> None:
    """A 429 puts the row back for Retry-After seconds; attempts stay as they were."""
    put(db, "k", programme_id=programme_id)
    [message] = outbox.claim_due(db, worker_id="w", now=NOW)
    with session_scope(db) as session:
        outbox.mark_rate_limited(
            session, message_id=message.id, worker_id="w", now=NOW, retry_after=3
        )
    assert outbox.claim_due(db, worker_id="w", now=NOW + timedelta(seconds=2)) == []
    [again] = outbox.claim_due(db, worker_id="w", now=NOW + timedelta(seconds=3))
    assert again.attempts == 1


def test_release_and_cancel(db: Engine, programme_id: int) -> None:
    """Released rows are claimable at once; cancel touches only queued rows."""
    put(db, "a", programme_id=programme_id)
    put(db, "b", programme_id=programme_id, target="U07PART0001")
    claimed = outbox.claim_due(db, worker_id="w", now=NOW)
    with session_scope(db) as session:
        outbox.mark_sent(
            session,
            message_id=claimed[0].id,
            worker_id="w",
            now=NOW,
            slack_channel="C",
            slack_ts="1.0",
        )
        assert outbox.release(session, message_ids=[claimed[1].id], worker_id="w") == 1
    with session_scope(db) as session:
        assert outbox.cancel(session, reason="test", keys=["a", "b"]) == 1
        assert outbox.next_due(session, now=NOW) is None
    statuses = {r.key: (r.status, r.attempts) for r in rows(db)}
    assert statuses[claimed[0].key] == ("sent", 1)
    assert statuses[claimed[1].key] == ("cancelled", 0)


def test_next_due_accounts_for_retries_and_leases(db: Engine, programme_id: int) -> None:
    """The dispatcher wakes when the earliest row can really be claimed."""
    put(db, "k", programme_id=programme_id, due=NOW + timedelta(minutes=5))
    put(db, "r", programme_id=programme_id, target="U07PART0001")
    [message] = outbox.claim_due(db, worker_id="w", now=NOW)
    with session_scope(db) as session:
        outbox.mark_rate_limited(
            session, message_id=message.id, worker_id="w", now=NOW, retry_after=60
        )
        assert outbox.next_due(session, now=NOW) == NOW + timedelta(minutes=1)
