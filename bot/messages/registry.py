"""Turning an outbox row into a Slack message: one renderer per outbox `kind`.

A renderer reads what it needs from the database at send time (so a reminder shows the
module's latest venue) and returns plain data; `bot/delivery.py` does the Slack calls.
Add a kind with the decorator:

    @renderer("mentor_intro")
    def render_mentor_intro(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
        ...

and import the module in `bot/messages/__init__.py`. A target that is a user id (`U…`,
`W…`) is a DM and several comma-separated user ids a group DM: the sender opens the
conversation first, so renderers never deal with that.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlmodel import Session

from bot.outbox import OutboxMessage

T = TypeVar("T")


@dataclass(frozen=True)
class Attachment:
    """A file uploaded into the message's thread (files upload v2), e.g. an .ics."""

    filename: str
    content: bytes
    title: str


@dataclass(frozen=True)
class Rendered:
    """What to post: `text` is the notification and screen-reader fallback for `blocks`."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    attachment: Attachment | None = None
    channel: str | None = None  # None: the row's target (a channel, or a user for a DM)


class SkipMessage(Exception):  # noqa: N818 (a signal, not an error)
    """The message is no longer wanted (answered, paused, module gone): cancel it.

    The message says why; it is kept on the outbox row.
    """


MEMO = "cohort.render_memo"  # session.info key; the dispatcher shares one dict per pass


def memo(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """Remember `load()` for the session, or for the dispatcher's pass it belongs to.

    The identity map holds objects weakly, so without this every message would load the
    same programme, announcement and member list again. The dispatcher puts one dict in
    `session.info[MEMO]` for a whole pass (at most a tick, ~12 s), so a pause or a
    cancellation made during a pass applies from the next one.
    """
    cache: dict[Hashable, Any] = session.info.setdefault(MEMO, {})
    if key not in cache:
        cache[key] = load()
    return cast(T, cache[key])


def get(session: Session, model: type[T], ident: Any) -> T | None:
    """`session.get`, remembered for the session (see `memo`)."""
    return memo(session, (model, ident), lambda: session.get(model, ident))


Renderer = Callable[[Session, OutboxMessage, datetime], Rendered]
_RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of one outbox kind (one per kind)."""

    def register(function: Renderer) -> Renderer:
        existing = _RENDERERS.get(kind)
        if existing is not None and existing.__qualname__ != function.__qualname__:
            raise ValueError(f"outbox kind {kind!r} already has a renderer: {existing}")
        _RENDERERS[kind] = function
        return function

    return register


def render(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The message for an outbox row; LookupError when no renderer knows its kind."""
    function = _RENDERERS.get(message.kind)
    if function is None:
        raise LookupError(f"no renderer for outbox kind {message.kind!r}")
    return function(session, message, now)


def kinds() -> list[str]:
    """The kinds that can be rendered (for tests and `cohort doctor`)."""
    return sorted(_RENDERERS)
