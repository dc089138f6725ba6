"""An injectable clock, so time-dependent behaviour is tested without sleeping.

Everything that asks "what time is it?" takes a `Clock`. Production uses `SystemClock`;
tests use `ManualClock`; the sandbox uses `OffsetClock` so `/clock +7d` can jump ahead.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: for tests."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


class OffsetClock:
    """The real time plus an offset that can grow: the sandbox's `/clock +7d`."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta
