"""Announcements organisers wrote, to the cohort channel or by DM."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.blocks.announcements import announcement_message
from bot.messages.guards import ensure_dm_wanted, programme_of
from bot.messages.registry import Rendered, SkipMessage, get, renderer
from bot.models import Announcement
from bot.outbox import OutboxMessage


@renderer("announcement")
def render_announcement(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The organiser's text as written; nothing if they cancelled it meanwhile."""
    programme = programme_of(session, message)
    announcement = get(session, Announcement, message.payload["announcement_id"])
    if announcement is None or announcement.status == "cancelled":
        raise SkipMessage("the announcement was cancelled")
    if message.target != programme.channel and message.target[:1] in ("U", "W"):
        ensure_dm_wanted(session, message, programme, now)
    text, blocks = announcement_message(programme, announcement.text)
    return Rendered(text=text, blocks=blocks)
