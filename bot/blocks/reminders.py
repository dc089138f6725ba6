"""The module reminder: what, when, where, how to join, who speaks, what to prepare."""

from __future__ import annotations

from bot.blocks.mrkdwn import Block, context, escape, header, section
from bot.models import Module, Programme
from bot.timefmt import format_duration, format_span


def when_phrase(before_s: int) -> str:
    """ "tomorrow", "in 7 days", "in 2 hours"."""
    return "tomorrow" if before_s == 86_400 else f"in {format_duration(before_s)}"


def module_reminder(
    programme: Programme, module: Module, *, before_s: int
) -> tuple[str, list[Block]]:
    """The reminder's notification text and blocks."""
    span = format_span(module.starts_at, module.ends_at, programme.timezone)
    place = module.venue or ("online" if module.online else None)
    text = f"Reminder: Module {module.number}, {module.title}, is {when_phrase(before_s)}: {span}"
    text += f" at {place}." if place else "."
    lines = [f"*When:* {span}"]
    if module.venue:
        lines.append(f"*Where:* {escape(module.venue)}")
    if module.online:
        lines.append(f"*Join online:* <{module.online}>")
    if module.speakers:
        lines.append(f"*Speakers:* {escape(', '.join(module.speakers))}")
    if module.prepare:
        lines.append(f"*To prepare:* {escape(module.prepare)}")
    blocks = [
        header(f"Module {module.number} {when_phrase(before_s)}: {module.title}"),
        section("\n".join(lines)),
    ]
    if module.summary:
        blocks.append(section(escape(module.summary)))
    blocks.append(
        context(
            f"Times are {programme.timezone.replace('_', ' ')} time. "
            "*Add to calendar:* open the .ics file in the thread."
        )
    )
    return text, blocks
