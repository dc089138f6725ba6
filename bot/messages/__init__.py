"""What Cohort sends on its own, rendered from outbox rows (see `registry.py`).

Importing this package registers every renderer; a new kind's module is imported here.
"""

from bot.messages import announcements, checkins, mentoring, reminders  # noqa: F401 (registers renderers)
from bot.messages.registry import Attachment, Rendered, SkipMessage, kinds, render, renderer

__all__ = ["Attachment", "Rendered", "SkipMessage", "kinds", "render", "renderer"]
