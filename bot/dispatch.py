"""The dispatcher: sends due outbox rows, paced per channel, fairly, exactly once.

One `drain` pass claims due rows (round-robin across programmes, see `outbox.claim_due`),
keeps them in per-target queues and sends at most one message per target per
`channel_interval` (Slack's "about one message per second per channel"), several
targets at a time on a small thread pool. What happened is written back in one
transaction per batch:

- sent: status `sent` with the Slack channel and ts;
- 429: re-queued after `Retry-After`, the attempt not counted, the target held back;
- 5xx, timeouts, transient errors: retried with exponential backoff, `failed` after
  `max_attempts`, the error kept and the organisers' channel told;
- a permanent Slack error (channel_not_found, not_in_channel, …): `failed` at once;
- no longer wanted (past its `not_after`, answered, paused): `cancelled` with the reason.

It has no Slack types: a `Sender` (`bot/delivery.py` in production) does the calls.
Time comes from the injected clock and waiting from the injected `sleep`, so tests drive
a pass with a `ManualClock` whose sleep just moves the clock.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from bot import outbox
from bot.clock import Clock
from bot.db import session_scope
from bot.messages import Rendered, SkipMessage, render
from bot.messages.registry import MEMO
from bot.models import Programme
from bot.outbox import OutboxMessage

logger = logging.getLogger(__name__)

Outcome = Literal["sent", "rate_limited", "retry", "failed"]


@dataclass(frozen=True)
class SendResult:
    """What one send attempt came to, as the sender saw it."""

    outcome: Outcome
    channel: str | None = None
    ts: str | None = None
    error: str | None = None
    retry_after: float | None = None


class Sender(Protocol):
    """Posts one rendered message (and its attachment) and reports how it went."""

    def send(self, message: OutboxMessage, rendered: Rendered) -> SendResult: ...

    def notify(self, channel: str, text: str) -> None:
        """Best effort: tell the organisers something (failures only log)."""


@dataclass
class DispatchStats:
    """Counts for one pass (and, summed, for a benchmark)."""

    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    skipped: int = 0
    claimed: int = 0

    def add(self, other: DispatchStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Held:
    """Claimed rows waiting for their target's turn, and when each target is free."""

    queues: dict[str, deque[OutboxMessage]] = field(default_factory=dict)
    free_at: dict[str, datetime] = field(default_factory=dict)
    count: int = 0

    def add(self, message: OutboxMessage) -> None:
        self.queues.setdefault(message.target, deque()).append(message)
        self.count += 1

    def push_front(self, message: OutboxMessage) -> None:
        """A row to retry first (after a 429), ahead of its target's other rows."""
        self.queues.setdefault(message.target, deque()).appendleft(message)
        self.count += 1

    def ready(self, now: datetime, limit: int) -> list[OutboxMessage]:
        """One row from each target that may be sent to now, round-robin."""
        picked: list[OutboxMessage] = []
        for target in list(self.queues):
            if len(picked) >= limit:
                break
            free = self.free_at.get(target)
            if free is not None and free > now:
                continue
            queue = self.queues.pop(target)
            picked.append(queue.popleft())
            if queue:
                self.queues[target] = queue  # to the back of the round
        self.count -= len(picked)
        return picked

    def next_free(self) -> datetime | None:
        """When the earliest held-back target frees up."""
        times = [self.free_at[t] for t in self.queues if t in self.free_at]
        return min(times) if times else None

    def full(self, lookahead: int) -> set[str]:
        """Targets already holding `lookahead` rows: claiming more would only wait longer."""
        return {t for t, queue in self.queues.items() if len(queue) >= lookahead}

    def next_free_any(self, now: datetime) -> datetime | None:
        """When the earliest paced target frees up, held rows or not."""
        return min((at for at in self.free_at.values() if at > now), default=None)

    def drain_all(self) -> list[OutboxMessage]:
        messages = [m for queue in self.queues.values() for m in queue]
        self.queues.clear()
        self.count = 0
        return messages

    def forget_before(self, now: datetime) -> None:
        """Drop pacing entries that no longer hold anything back (bounded memory)."""
        if len(self.free_at) > 10_000:
            self.free_at = {t: at for t, at in self.free_at.items() if at > now}


class Dispatcher:
    """Sends due outbox rows through a `Sender`; one instance per process, reused."""

    def __init__(
        self,
        *,
        engine: Engine,
        sender: Sender,
        clock: Clock,
        worker_id: str | None = None,
        batch_size: int = 500,
        lease: timedelta = outbox.DEFAULT_LEASE,
        channel_interval: float = 1.0,
        max_attempts: int = 5,
        retry_base: timedelta = timedelta(seconds=30),
        concurrency: int = 8,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.sender = sender
        self.clock = clock
        self.worker_id = worker_id or outbox.new_worker_id()
        self.batch_size = batch_size
        self.lease = lease
        self.interval = timedelta(seconds=channel_interval)
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.sleep = sleep
        self._step = max(1, concurrency * 4)
        # Rows held per target wait their turn in memory: keep that well inside the lease.
        self._lookahead = max(1, min(3, int(lease / max(self.interval, timedelta(seconds=1)) / 4)))
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dispatch")
        self._held = _Held()
        self._memo: dict[Hashable, Any] = {}

    def close(self) -> None:
        """Stop the thread pool (rows are never held between passes)."""
        self._pool.shutdown(wait=True)

    # -- one pass -------------------------------------------------------------------------

    def drain(self, *, budget: float = 0.0) -> DispatchStats:
        """Send what is due, waiting for pacing and retries for up to `budget` seconds.

        Returns when nothing more is due within the budget; rows still held (their
        target busy past the budget) are released for the next pass.
        """
        stats = DispatchStats()
        self._memo = {}  # what renderers looked up, for this pass
        deadline = self.clock.now() + timedelta(seconds=budget)
        try:
            while True:
                now = self.clock.now()
                if self._held.count < self.batch_size // 2:
                    self._claim(now, stats)
                batch = self._held.ready(now, self._step)
                if batch:
                    self._send(batch, stats)
                    continue
                wake = self._wake_time(now)
                if wake is None or wake > deadline:
                    break
                self.sleep(max((wake - now).total_seconds(), 0.001))
        finally:
            self._release_held()
        return stats

    def _claim(self, now: datetime, stats: DispatchStats) -> None:
        """Claim up to `lookahead` rows per target (few claims, each for many targets)."""
        claimed = outbox.claim_due(
            self.engine,
            worker_id=self.worker_id,
            now=now,
            limit=self.batch_size - self._held.count,
            lease=self.lease,
            per_target=self._lookahead,
            skip_targets=self._held.full(self._lookahead),
        )
        stats.claimed += len(claimed)
        for message in claimed:
            self._held.add(message)

    def _wake_time(self, now: datetime) -> datetime | None:
        """When there may be something to do: a target frees up, or a row falls due."""
        if self._held.count:
            return self._held.next_free()
        with session_scope(self.engine) as session:
            due = outbox.next_due(session, now=now)
        if due is None or due > now:
            return due
        # Due already but not claimable: its target is being paced here (or another
        # worker just took it). Look again when the next target frees up.
        return self._held.next_free_any(now) or now + timedelta(seconds=0.1)

    def _release_held(self) -> None:
        held = self._held.drain_all()
        if held:
            with session_scope(self.engine) as session:
                outbox.release(session, message_ids=[m.id for m in held], worker_id=self.worker_id)

    # -- a batch --------------------------------------------------------------------------

    def _send(self, batch: list[OutboxMessage], stats: DispatchStats) -> None:
        """Render, send concurrently, then record every outcome in one transaction."""
        now = self.clock.now()
        outcomes: dict[int, SendResult | str] = {}  # a str is a reason to skip
        to_send: list[tuple[OutboxMessage, Rendered]] = []
        with session_scope(self.engine) as session:
            session.info[MEMO] = self._memo
            for message in batch:
                outcome = self._prepare(session, message, now)
                if isinstance(outcome, Rendered):
                    to_send.append((message, outcome))
                else:
                    outcomes[message.id] = outcome
        results = self._pool.map(self._send_one, to_send)
        for (message, _), (result, finished) in zip(to_send, results, strict=True):
            outcomes[message.id] = result
            # Pace from when this post finished, not when the batch did: a tight rhythm.
            self._held.free_at[message.target] = finished + self.interval
        done = self.clock.now()
        failures = self._record(batch, outcomes, done, stats)
        self._report(failures)
        self._held.forget_before(done)

    def _send_one(self, pair: tuple[OutboxMessage, Rendered]) -> tuple[SendResult, datetime]:
        """One send on a pool thread, and when it finished."""
        result = self.sender.send(*pair)
        return result, self.clock.now()

    def _prepare(
        self, session: Session, message: OutboxMessage, now: datetime
    ) -> Rendered | SendResult | str:
        """The rendered message, a reason to skip it, or a failure to render it."""
        if message.not_after is not None and now > message.not_after:
            return f"expired: not sent after {message.not_after:%Y-%m-%d %H:%M} UTC"
        try:
            return render(session, message, now)
        except SkipMessage as skip:
            return str(skip)
        except LookupError as exc:
            return SendResult("failed", error=str(exc))
        except Exception as exc:  # a bug in one renderer must not stop every other message
            logger.exception("rendering outbox row %s (%s) failed", message.id, message.key)
            return SendResult("retry", error=f"rendering failed: {exc!r}")

    def _record(
        self,
        batch: list[OutboxMessage],
        outcomes: dict[int, SendResult | str],
        now: datetime,
        stats: DispatchStats,
    ) -> list[tuple[OutboxMessage, str]]:
        """Write every outcome; returns the rows that have now failed for good."""
        failures: list[tuple[OutboxMessage, str]] = []
        delivered = [
            outbox.Delivered(m.id, r.channel, r.ts)
            for m in batch
            if isinstance(r := outcomes[m.id], SendResult) and r.outcome == "sent"
        ]
        with session_scope(self.engine) as session:
            outbox.mark_sent_many(session, worker_id=self.worker_id, now=now, delivered=delivered)
            stats.sent += len(delivered)
            for message in batch:
                outcome = outcomes[message.id]
                if isinstance(outcome, str):
                    outbox.mark_skipped(
                        session, message_id=message.id, worker_id=self.worker_id, reason=outcome
                    )
                    stats.skipped += 1
                elif outcome.outcome == "rate_limited":
                    self._rate_limited(session, message, outcome, now)
                    stats.rate_limited += 1
                elif outcome.outcome != "sent" and self._failed(session, message, outcome, now):
                    failures.append((message, outcome.error or "error"))
                    stats.failed += 1
                elif outcome.outcome != "sent":
                    stats.retried += 1
        return failures

    def _failed(
        self, session: Session, message: OutboxMessage, outcome: SendResult, now: datetime
    ) -> bool:
        """Record a failed attempt; True when the row has now failed for good."""
        error = outcome.error or "error"
        if outcome.outcome == "failed":
            outbox.mark_failed(
                session, message_id=message.id, worker_id=self.worker_id, error=error
            )
            return True
        status = outbox.mark_retry(
            session,
            message_id=message.id,
            worker_id=self.worker_id,
            now=now,
            error=error,
            max_attempts=self.max_attempts,
            base_delay=self.retry_base,
            slack_channel=outcome.channel,
            slack_ts=outcome.ts,
        )
        return status == outbox.FAILED

    def _rate_limited(
        self, session: Session, message: OutboxMessage, outcome: SendResult, now: datetime
    ) -> None:
        """Hold the target back for Retry-After; keep a short wait's row and retry it here."""
        wait = outcome.retry_after or 1.0
        keep = timedelta(seconds=wait) < self.lease / 4
        outbox.mark_rate_limited(
            session,
            message_id=message.id,
            worker_id=self.worker_id,
            now=now,
            retry_after=wait,
            error=outcome.error or "ratelimited",
            keep_claim=keep,
        )
        if keep:
            self._held.push_front(message)
        self._held.free_at[message.target] = now + timedelta(seconds=wait)

    def _report(self, failures: list[tuple[OutboxMessage, str]]) -> None:
        """Tell each programme's organisers which messages could not be sent, and why."""
        if not failures:
            return
        with session_scope(self.engine) as session:
            for message, error in failures:
                logger.error("outbox row %s (%s) failed: %s", message.id, message.key, error)
                programme = (
                    session.get(Programme, message.programme_id) if message.programme_id else None
                )
                if programme is None or not programme.organisers_channel:
                    continue
                text = (
                    f"⚠️ Cohort could not send a scheduled {message.kind.replace('_', ' ')} to "
                    f"{_mention(message.target)} (`{message.key}`): {error}. "
                    "It will not be retried; `cohort schedule` lists it."
                )
                self.sender.notify(programme.organisers_channel, text)


def _mention(target: str) -> str:
    """A target as Slack shows it: <@U…> for people, <#C…> for channels."""
    if target[:1] in ("U", "W"):
        return ", ".join(f"<@{user}>" for user in target.split(","))
    return f"<#{target}>"
