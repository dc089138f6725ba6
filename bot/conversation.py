"""Reading a message someone sent the bot: the question in it, and which programme it is about."""

from __future__ import annotations

import re

from sqlmodel import Session, col, or_, select

from bot.models import Programme
from bot.programmes import memberships_of

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")


def question_text(text: str) -> str:
    """The message without @mentions and surplus spaces: what was asked."""
    return " ".join(_MENTION.sub(" ", text or "").split())


def is_from_a_person(event: dict[str, object], *, bot_user_id: str | None) -> bool:
    """A message a person wrote: not a bot's (ours or another app's), not an edit or deletion."""
    return (
        event.get("subtype") in _PERSON_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def programme_in_context(session: Session, *, slack_id: str, channel: str) -> Programme | None:
    """The programme a question is about: the channel's, else the asker's only programme."""
    by_channel = session.exec(
        select(Programme).where(
            or_(col(Programme.channel) == channel, col(Programme.organisers_channel) == channel)
        )
    ).first()
    if by_channel is not None:
        return by_channel
    programmes = [programme for programme, _ in memberships_of(session, slack_id)]
    return programmes[0] if len(programmes) == 1 else None
