"""The outbox: every message Cohort sends on its own is a row here before it goes out.

A row is queued once (idempotent by its key), claimed by one dispatcher under a lease,
then marked sent, retried, rate limited, failed or cancelled. Claiming is the only step
that must be atomic across processes: PostgreSQL locks candidate rows with
`FOR UPDATE SKIP LOCKED`; SQLite runs one guarded UPDATE inside `BEGIN IMMEDIATE`. A row
whose worker died keeps status `queued` and is claimed again once its lease expires.

Claiming counts an attempt, so a claimed row with more than one attempt may already
have reached Slack (the worker died after posting): the sender then looks for it in the
channel before posting again. A 429 gives the attempt back (it is not a failure).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, and_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col
from sqlmodel import select as model_select

from bot.models import OUTBOX_KINDS, ScheduledMessage

logger = logging.getLogger(__name__)

QUEUED, SENT, FAILED, CANCELLED = "queued", "sent", "failed", "cancelled"
NOT_AFTER = "not_after"  # payload key: an ISO time after which the message is pointless
DEFAULT_LEASE = timedelta(minutes=2)
MAX_BACKOFF = timedelta(hours=1)
# SQLModel sets __table__ at class creation but does not declare it for type checkers
_TABLE = ScheduledMessage.__table__  # type: ignore[attr-defined]
_C = _TABLE.c
_RELEASED = {"claimed_by": None, "lease_until": None}


@dataclass(frozen=True)
class OutboxMessage:
    """A claimed row, detached from any session so sender threads can use it."""

    id: int
    key: str
    kind: str
    target: str
    programme_id: int | None
    payload: dict[str, Any]
    due_at: datetime
    attempts: int
    slack_channel: str | None = None
    slack_ts: str | None = None

    @property
    def may_have_been_sent(self) -> bool:
        """Claimed before: an earlier worker may have posted it before dying or failing."""
        return self.attempts > 1 or self.slack_ts is not None

    @property
    def not_after(self) -> datetime | None:
        """When the message stops being worth sending (a reminder after its module)."""
        raw = self.payload.get(NOT_AFTER)
        return datetime.fromisoformat(raw) if raw else None


def new_worker_id() -> str:
    """A name for this dispatcher that no other process shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _core(session: Session, statement: Any) -> Any:
    """Run a Core statement on the session's connection (its transaction)."""
    return session.connection().execute(statement)


def _insert_ignoring_duplicates(session: Session, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT (key) DO NOTHING on either database; True when a row went in."""
    dialect = session.get_bind().dialect.name
    dialect_insert: Any = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if dialect_insert is None:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"unsupported database {dialect!r}")
    statement = (
        dialect_insert(_TABLE)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_C.id)
    )
    # RETURNING, not rowcount: psycopg reports -1 for an insert that did nothing.
    return session.exec(statement).first() is not None


def queue(
    session: Session,
    *,
    key: str,
    kind: str,
    target: str,
    due_at: datetime,
    payload: dict[str, Any],
    programme_id: int | None,
    now: datetime,
) -> bool:
    """Queue a message unless one with this key exists; True when it was queued now."""
    if kind not in OUTBOX_KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    return _insert_ignoring_duplicates(
        session,
        {
            "key": key,
            "kind": kind,
            "target": target,
            "due_at": due_at,
            "payload": payload,
            "programme_id": programme_id,
            "status": QUEUED,
            "attempts": 0,
            "created_at": now,
        },
    )


def record_missed(
    session: Session,
    *,
    key: str,
    kind: str,
    target: str,
    due_at: datetime,
    programme_id: int | None,
    now: datetime,
    reason: str,
) -> bool:
    """Keep a cancelled row for a message whose time had passed before it was planned.

    The row makes the miss visible in `cohort schedule` and stops it being logged again
    at every planner pass; it is never sent.
    """
    return _insert_ignoring_duplicates(
        session,
        {
            "key": key,
            "kind": kind,
            "target": target,
            "due_at": due_at,
            "payload": {},
            "programme_id": programme_id,
            "status": CANCELLED,
            "attempts": 0,
            "last_error": reason,
            "created_at": now,
        },
    )


def cancel(
    session: Session,
    *,
    reason: str,
    keys: Iterable[str] | None = None,
    key_prefix: str | None = None,
) -> int:
    """Cancel queued rows by key or key prefix; sent and failed rows are history, kept."""
    if keys is None and key_prefix is None:
        raise ValueError("cancel needs keys or a key_prefix")
    statement = update(_TABLE).where(_C.status == QUEUED)
    if keys is not None:
        statement = statement.where(_C.key.in_(list(keys)))
    if key_prefix is not None:
        statement = statement.where(_C.key.startswith(key_prefix, autoescape=True))
    result = session.exec(statement.values(status=CANCELLED, last_error=reason))
    return int(result.rowcount)


def requeue(session: Session, *, keys: Iterable[str]) -> int:
    """Put cancelled rows back in the queue (e.g. a module that came back), as new."""
    statement = (
        update(_TABLE)
        .where(_C.key.in_(list(keys)), _C.status == CANCELLED)
        .values(
            status=QUEUED,
            attempts=0,
            last_error=None,
            next_attempt_at=None,
            claimed_by=None,
            lease_until=None,
        )
    )
    return int(session.exec(statement).rowcount)


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued, due, not waiting for a retry, and not leased by a live worker."""
    return and_(
        _C.status == QUEUED,
        _C.due_at <= now,
        or_(_C.next_attempt_at.is_(None), _C.next_attempt_at <= now),
        or_(_C.lease_until.is_(None), _C.lease_until <= now),
    )


def _candidates(now: datetime, limit: int, per_target: int, skip_targets: Collection[str]) -> Any:
    """Ids of claimable rows: every target's oldest row first, programmes taking turns.

    Ordering by the row's rank within its target spreads a claim over many targets, so
    per-channel pacing does not stall a batch on one busy channel; within a rank the
    programmes alternate, so one programme's 1,000 DMs cannot hold back another's single
    reminder. A target contributes at most `per_target` rows; `skip_targets` (channels the
    worker is pacing) none, so they stay claimable by other workers.
    """
    by_target = (
        select(
            _C.id,
            _C.programme_id,
            _C.due_at,
            func.row_number()
            .over(partition_by=_C.target, order_by=(_C.due_at, _C.id))
            .label("target_rank"),
        )
        .where(_claimable(now))
        .where(*([_C.target.not_in(list(skip_targets))] if skip_targets else []))
        .subquery()
    )
    programme = func.coalesce(by_target.c.programme_id, 0)
    ranked = (
        select(
            by_target.c.id,
            by_target.c.target_rank,
            programme.label("programme"),
            func.row_number()
            .over(
                partition_by=(programme, by_target.c.target_rank),
                order_by=(by_target.c.due_at, by_target.c.id),
            )
            .label("turn"),
        )
        .where(by_target.c.target_rank <= per_target)
        .subquery()
    )
    return (
        select(ranked.c.id)
        .order_by(ranked.c.target_rank, ranked.c.turn, ranked.c.programme, ranked.c.id)
        .limit(limit)
    )


_RETURNED = (
    _C.id,
    _C.key,
    _C.kind,
    _C.target,
    _C.programme_id,
    _C.payload,
    _C.due_at,
    _C.attempts,
    _C.slack_channel,
    _C.slack_ts,
)


def claim_due(
    engine: Engine,
    *,
    worker_id: str,
    now: datetime,
    limit: int = 100,
    lease: timedelta = DEFAULT_LEASE,
    per_target: int = 10,
    skip_targets: Collection[str] = (),
) -> list[OutboxMessage]:
    """Atomically take up to `limit` due rows for this worker, fairly across programmes.

    Runs its own short transaction: a claim must be visible to other workers at once.
    """
    if limit <= 0:
        return []
    claim = {
        "claimed_by": worker_id,
        "lease_until": now + lease,
        "attempts": _C.attempts + 1,
    }

    def candidates(wanted: int) -> Any:
        return _candidates(now, wanted, per_target, skip_targets)

    if engine.dialect.name == "postgresql":
        rows = _claim_postgresql(engine, now=now, limit=limit, candidates=candidates, claim=claim)
    else:
        rows = _claim_sqlite(engine, now=now, candidates=candidates(limit), claim=claim)
    return fair_order([_message(row) for row in rows])


def _claim_postgresql(
    engine: Engine,
    *,
    now: datetime,
    limit: int,
    candidates: Callable[[int], Any],
    claim: dict[str, Any],
) -> Sequence[Row[Any]]:
    """Rank, lock what no one else holds (SKIP LOCKED), claim it.

    Two workers ranking at once pick the same candidates and one finds them locked; it
    ranks again in a fresh transaction (which sees the other's claims as leased) rather
    than going idle, a few times at most.
    """
    claimed: list[Row[Any]] = []
    for _ in range(3):
        with engine.begin() as connection:
            ids = connection.execute(candidates(limit - len(claimed))).scalars().all()
            if not ids:
                break
            locked = (
                connection.execute(
                    select(_C.id)
                    .where(_C.id.in_(ids), _claimable(now))
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            if locked:
                statement = (
                    update(_TABLE).where(_C.id.in_(locked)).values(**claim).returning(*_RETURNED)
                )
                claimed.extend(connection.execute(statement).all())
        if len(locked) == len(ids) or len(claimed) >= limit:  # nobody was in the way
            break
    return claimed


def _claim_sqlite(
    engine: Engine, *, now: datetime, candidates: Any, claim: dict[str, Any]
) -> Sequence[Row[Any]]:
    statement = (
        update(_TABLE)
        .where(_C.id.in_(candidates), _claimable(now))
        .values(**claim)
        .returning(*_RETURNED)
    )
    with engine.connect() as connection:
        # Take the write lock before reading, so the guarded UPDATE sees the latest rows.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        rows = connection.execute(statement).all()
        connection.commit()
    return rows


def _message(row: Row[Any]) -> OutboxMessage:
    m = row._mapping
    return OutboxMessage(
        id=m["id"],
        key=m["key"],
        kind=m["kind"],
        target=m["target"],
        programme_id=m["programme_id"],
        payload=dict(m["payload"] or {}),
        due_at=m["due_at"],
        attempts=m["attempts"],
        slack_channel=m["slack_channel"],
        slack_ts=m["slack_ts"],
    )


def fair_order(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Oldest first within each programme, taking one from each programme in turn."""
    queues: dict[int | None, list[OutboxMessage]] = {}
    for message in sorted(messages, key=lambda m: (m.due_at, m.id)):
        queues.setdefault(message.programme_id, []).append(message)
    ordered: list[OutboxMessage] = []
    depth = 0
    while len(ordered) < len(messages):
        ordered.extend(q[depth] for q in queues.values() if depth < len(q))
        depth += 1
    return ordered


def _mine(message_id: int, worker_id: str) -> Any:
    """Only the worker holding the claim may record what happened to it."""
    return update(_TABLE).where(_C.id == message_id, _C.claimed_by == worker_id)


def mark_sent(
    session: Session,
    *,
    message_id: int,
    worker_id: str,
    now: datetime,
    slack_channel: str | None,
    slack_ts: str | None,
) -> bool:
    """Record a delivered message (even if it was cancelled while in flight: it went)."""
    delivered = [Delivered(message_id, slack_channel, slack_ts)]
    return mark_sent_many(session, worker_id=worker_id, now=now, delivered=delivered) == 1


@dataclass(frozen=True)
class Delivered:
    """A message Slack accepted: where it went and its ts."""

    message_id: int
    slack_channel: str | None
    slack_ts: str | None


_MARK_SENT = (
    update(_TABLE)
    .where(
        _C.id == bindparam("b_id"),
        _C.claimed_by == bindparam("b_worker"),
        or_(_C.status == QUEUED, _C.status == CANCELLED),  # not IN: executemany forbids it
    )
    .values(
        status=SENT,
        sent_at=bindparam("b_now", type_=_C.sent_at.type),
        slack_channel=bindparam("b_channel"),
        slack_ts=bindparam("b_ts"),
        last_error=None,
        next_attempt_at=None,
        **_RELEASED,
    )
)


def mark_sent_many(
    session: Session, *, worker_id: str, now: datetime, delivered: Sequence[Delivered]
) -> int:
    """`mark_sent` for a batch in one executemany (the dispatcher's hot path)."""
    if not delivered:
        return 0
    params = [
        {
            "b_id": d.message_id,
            "b_worker": worker_id,
            "b_now": now,
            "b_channel": d.slack_channel,
            "b_ts": d.slack_ts,
        }
        for d in delivered
    ]
    count = int(session.connection().execute(_MARK_SENT, params).rowcount)
    if 0 <= count < len(delivered):
        logger.warning(
            "%d of %d sent rows not marked: their claims were lost",
            len(delivered) - count,
            len(delivered),
        )
    return count


def mark_retry(
    session: Session,
    *,
    message_id: int,
    worker_id: str,
    now: datetime,
    error: str,
    max_attempts: int,
    base_delay: timedelta,
    slack_channel: str | None = None,
    slack_ts: str | None = None,
) -> str:
    """A transient failure: retry after an exponential backoff, or fail after `max_attempts`.

    Returns the row's new status. `slack_ts` records a post that went out when a later
    step (the file upload) failed, so the retry finishes it instead of posting again.
    """
    attempts = _core(session, select(_C.attempts).where(_C.id == message_id)).scalar_one()
    progress = {"slack_channel": slack_channel, "slack_ts": slack_ts} if slack_ts else {}
    if attempts >= max_attempts:
        values: dict[str, Any] = {"status": FAILED, "last_error": error}
    else:
        delay = min(base_delay * 2 ** max(attempts - 1, 0), MAX_BACKOFF)
        values = {"next_attempt_at": now + delay, "last_error": error}
    statement = _mine(message_id, worker_id).where(_C.status == QUEUED)
    _changed(session, statement.values(**values, **progress, **_RELEASED), message_id, "retry")
    return str(values.get("status", QUEUED))


def mark_rate_limited(
    session: Session,
    *,
    message_id: int,
    worker_id: str,
    now: datetime,
    retry_after: float,
    error: str = "ratelimited",
    keep_claim: bool = False,
) -> bool:
    """Slack said 429: wait `retry_after` seconds; the attempt does not count as a failure.

    With `keep_claim` the worker keeps the row and retries it itself after the wait (the
    same attempt, still under its lease); otherwise the row goes back to the queue.
    """
    values: dict[str, Any] = {
        "next_attempt_at": now + timedelta(seconds=retry_after),
        "last_error": error,
    }
    if not keep_claim:
        values |= {"attempts": _C.attempts - 1, **_RELEASED}
    statement = _mine(message_id, worker_id).where(_C.status == QUEUED).values(**values)
    return _changed(session, statement, message_id, "rate limited")


def mark_failed(session: Session, *, message_id: int, worker_id: str, error: str) -> bool:
    """A permanent failure (e.g. channel_not_found): not retried, the error kept."""
    return _finish(session, message_id, worker_id, status=FAILED, note=error, what="failed")


def mark_skipped(session: Session, *, message_id: int, worker_id: str, reason: str) -> bool:
    """No longer worth sending (expired, answered, paused): cancelled with the reason."""
    return _finish(session, message_id, worker_id, status=CANCELLED, note=reason, what="skipped")


def _finish(
    session: Session, message_id: int, worker_id: str, *, status: str, note: str, what: str
) -> bool:
    """End a claimed, still queued row with this status and note, releasing the claim."""
    statement = (
        _mine(message_id, worker_id)
        .where(_C.status == QUEUED)
        .values(status=status, last_error=note, **_RELEASED)
    )
    return _changed(session, statement, message_id, what)


def release(session: Session, *, message_ids: Iterable[int], worker_id: str) -> int:
    """Give back rows claimed but not tried (shutdown, end of a pass), attempt uncounted."""
    ids = list(message_ids)
    if not ids:
        return 0
    statement = (
        update(_TABLE)
        .where(_C.id.in_(ids), _C.claimed_by == worker_id)
        .values(attempts=_C.attempts - 1, **_RELEASED)
    )
    return int(session.exec(statement).rowcount)


def _changed(session: Session, statement: Any, message_id: int, what: str) -> bool:
    if session.exec(statement).rowcount:
        return True
    logger.warning("outbox row %s not marked %s: its claim was lost", message_id, what)
    return False


def next_due(session: Session, *, now: datetime) -> datetime | None:
    """When the next queued row becomes claimable (None when nothing is queued)."""
    later_of_due_and_retry = case(
        (_C.next_attempt_at > _C.due_at, _C.next_attempt_at), else_=_C.due_at
    )
    wake = case(
        (_C.lease_until > later_of_due_and_retry, _C.lease_until),
        else_=later_of_due_and_retry,
    )
    statement = select(func.min(wake)).where(_C.status == QUEUED)
    due: datetime | None = _core(session, statement).scalar_one_or_none()
    return due


def list_messages(
    session: Session, *, programme_id: int, statuses: Sequence[str] | None = None
) -> list[ScheduledMessage]:
    """A programme's scheduled messages, soonest first (for `cohort schedule`, App Home)."""
    statement = model_select(ScheduledMessage).where(
        col(ScheduledMessage.programme_id) == programme_id
    )
    if statuses is not None:
        statement = statement.where(col(ScheduledMessage.status).in_(list(statuses)))
    statement = statement.order_by(col(ScheduledMessage.due_at), col(ScheduledMessage.key))
    return list(session.exec(statement).all())


def counts_by_status(session: Session, *, programme_id: int) -> dict[str, int]:
    """How many rows a programme has in each status."""
    statement = (
        select(_C.status, func.count()).where(_C.programme_id == programme_id).group_by(_C.status)
    )
    return {row[0]: row[1] for row in _core(session, statement).all()}
