"""Reflection check-ins: the invitation and nudge DMs, the *Reflect* modal, the thanks."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.mrkdwn import Block, actions, button, context, escape, section
from bot.models import Module, Programme
from bot.timefmt import format_day, local

REFLECT_ACTION = "checkin_reflect"
PRIVACY_NOTE = (
    "Your reflection is private: only you can see it, and your mentor too if you choose "
    "to share it."
)


def checkin_message(
    programme: Programme, module: Module, *, closes_at: datetime, nudge: bool
) -> tuple[str, list[Block]]:
    """The DM inviting (or nudging) a participant to reflect on a module."""
    closes = format_day(local(closes_at, programme.timezone), year=False)
    name = f"Module {module.number}, {module.title}"
    if nudge:
        text = f"A gentle nudge: your reflection on {name} is still open until {closes}."
    else:
        text = (
            f"{name} has finished. Take five minutes to reflect on what you will take from "
            f"it: it is open until {closes}."
        )
    blocks = [
        section(escape(text)),
        actions(
            button("Reflect", REFLECT_ACTION, str(module.id), style="primary"),
            block_id=f"checkin_{module.id}",
        ),
        context(PRIVACY_NOTE),
    ]
    return text, blocks


def checkin_closed_message(programme: Programme, module: Module) -> tuple[str, list[Block]]:
    """What the invitation turns into once the round has closed."""
    text = f"Reflections on Module {module.number}, {module.title}, have closed."
    return text, [section(escape(text)), context(PRIVACY_NOTE)]
