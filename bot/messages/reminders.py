"""Module reminders, in the cohort channel and by DM, with the module's .ics attached."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.blocks.reminders import module_reminder
from bot.calendar import ics_filename, module_ics
from bot.messages.guards import ensure_dm_wanted, programme_of
from bot.messages.registry import Attachment, Rendered, SkipMessage, get, renderer
from bot.models import Module
from bot.outbox import OutboxMessage


@renderer("module_reminder")
def render_module_reminder(session: Session, message: OutboxMessage, now: datetime) -> Rendered:
    """The module as it is now in the database (a changed venue shows), plus its .ics."""
    programme = programme_of(session, message)
    module = get(session, Module, message.payload["module_id"])
    if module is None or not module.active:
        raise SkipMessage("the module is no longer in the programme")
    if message.payload.get("dm"):
        ensure_dm_wanted(session, message, programme, now)
    text, blocks = module_reminder(programme, module, before_s=int(message.payload["before_s"]))
    attachment = Attachment(
        filename=ics_filename("module", str(module.number), module.title),
        content=module_ics(programme, module, stamp=now),
        title=f"Add to calendar: Module {module.number}, {module.title}",
    )
    return Rendered(text=text, blocks=blocks, attachment=attachment)
