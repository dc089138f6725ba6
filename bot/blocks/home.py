"""The App Home view from `bot.home.Home`: a welcome, then each programme's sections."""

from __future__ import annotations

from typing import Any

from bot.blocks.mrkdwn import Block, actions, button, context, escape, header, section
from bot.home import Home, HomeSection

MAX_BLOCKS = 100  # Slack's limit for a view
NOT_ENROLLED = (
    "Cohort is the companion for the leadership programmes run in this workspace: it "
    "answers questions about the programme, reminds you of modules, invites you to "
    "reflect and keeps you in touch with your mentor.\n\n"
    "You are not on a programme here yet. If you think you should be, ask your "
    "programme's organisers to add you; meanwhile you can still send me a message."
)
ROLE_NAMES = {"participant": "Participant", "mentor": "Mentor", "organiser": "Organiser"}


def section_blocks(item: HomeSection) -> list[Block]:
    """One section: a bold title with its facts and lines, then its buttons."""
    text = [f"*{escape(item.title)}*"]
    text += [f"*{escape(label)}:* {escape(value)}" for label, value in item.facts]
    text += [escape(line) for line in item.lines]
    blocks = [section("\n".join(text))]
    if item.buttons:
        blocks.append(
            actions(
                *(button(b.text, b.action_id, b.value, style=b.style) for b in item.buttons[:25]),
                block_id=f"home_{item.key}",
            )
        )
    return blocks


def home_view(home: Home) -> dict[str, Any]:
    """The `views.publish` view for this person."""
    if not home.programmes:
        blocks = [header("Welcome to Cohort"), section(escape(NOT_ENROLLED))]
        return {"type": "home", "blocks": blocks}
    first_name = (home.name or "").split(" ")[0]
    blocks = [header(f"Welcome, {first_name}" if first_name else "Welcome")]
    for programme in home.programmes:
        blocks += [
            {"type": "divider"},
            section(f"*{escape(programme.name)}*"),
            context(f"{ROLE_NAMES.get(programme.role, programme.role)} · `{programme.slug}`"),
        ]
        for item in programme.sections:
            blocks += section_blocks(item)
    blocks.append(context("Ask me about the programme in a message, or type `/cohort help`."))
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], context("There is more than fits here.")]
    return {"type": "home", "blocks": blocks}
