"""Announcements as participants see them, and the organiser's preview before sending."""

from __future__ import annotations

from bot.blocks.mrkdwn import Block, context, escape, section
from bot.models import Programme


def announcement_message(programme: Programme, text: str) -> tuple[str, list[Block]]:
    """The announcement itself: the organiser's words, then who it is from."""
    return text, [
        section(text),
        context(f"📣 Announcement from the organisers of {escape(programme.name)}"),
    ]
