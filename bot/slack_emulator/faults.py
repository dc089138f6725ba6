"""Things going wrong on Slack's side, on demand: errors, 429s, 500s, slow answers.

Tests use these to prove Cohort retries what it should, gives up cleanly on what it
should not, and never sends a message twice.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Fault:
    """One injected fault for `method` ("*" for any), used `remaining` more times.

    `remaining=None` means every matching call until cleared. A `delay` holds the answer
    back (longer than the client's timeout makes a timeout); `error`/`status` replace it.
    """

    method: str
    error: str | None
    status: int
    retry_after: float | None
    delay: float | None
    remaining: int | None
    hits: int = 0
    released: threading.Event = field(default_factory=threading.Event)

    def matches(self, method: str) -> bool:
        return self.method in ("*", method) and (self.remaining is None or self.remaining > 0)


class FaultPlan:
    """The faults waiting to happen, consumed in the order they were injected."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        """The next fault for this call, counting it as used."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method):
                    fault.hits += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None

    def release(self) -> None:
        """Let every delayed answer go now (and any later one at once)."""
        with self._lock:
            for fault in self._faults:
                fault.released.set()

    def clear(self) -> None:
        self.release()
        with self._lock:
            self._faults.clear()


class ChannelRateLimiter:
    """Slack's "about one message per second per channel" rule, as a token bucket.

    `time_source` is injectable so tests move time instead of sleeping.
    """

    def __init__(
        self,
        per_channel_per_second: float,
        *,
        burst: int = 1,
        time_source: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_channel_per_second <= 0 or burst < 1:
            raise ValueError("rate and burst must be positive")
        self.rate = per_channel_per_second
        self.burst = burst
        self._time = time_source
        self._buckets: dict[str, tuple[float, float]] = {}  # channel → (tokens, at)
        self._lock = threading.Lock()

    def retry_after(self, channel: str) -> int | None:
        """None if a message may go to `channel` now (and count it); else seconds to wait."""
        with self._lock:
            now = self._time()
            tokens, at = self._buckets.get(channel, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens >= 1:
                self._buckets[channel] = (tokens - 1, now)
                return None
            self._buckets[channel] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))
