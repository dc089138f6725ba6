"""The `/cohort` slash command: routing to features' subcommands, and help.

A feature registers its subcommand with Bolt's matcher:

    @app.command(COMMAND, matchers=[subcommand("pause", "pause 2w — pause reminders")])
    def pause_reminders(ack: Ack, command: dict, respond: Respond) -> None: ...

Whatever no feature claimed reaches the listener registered here (last), which answers
`/cohort help` and anything it does not know with the list of subcommands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.blocks.mrkdwn import escape
from bot.context import AppContext

COMMAND = "/cohort"
_HELP: dict[str, str] = {}


def subcommand(name: str, help_line: str) -> Callable[[dict[str, Any]], bool]:
    """A Bolt matcher for `/cohort NAME …`; `help_line` shows in `/cohort help`."""
    _HELP[name] = help_line

    def matches(command: dict[str, Any]) -> bool:
        return words(command)[:1] == [name]

    return matches


def words(command: dict[str, Any]) -> list[str]:
    """The command's text, lower-cased words (the subcommand first)."""
    return str(command.get("text") or "").lower().split()


def arguments(command: dict[str, Any]) -> str:
    """The text after the subcommand word, as typed."""
    parts = str(command.get("text") or "").strip().split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def help_text(unknown: str | None = None) -> str:
    """What `/cohort help` says, listing every registered subcommand."""
    lines = [f"I don't know `/cohort {escape(unknown)}`." if unknown else "Here is what I can do:"]
    lines += [f"• `/cohort {escape(line)}`" for _, line in sorted(_HELP.items())]
    lines.append("You can also message me, or mention me in the cohort channel, with a question.")
    return "\n".join(lines)


def register(app: App, ctx: AppContext) -> None:
    """The fallback `/cohort` listener: help, and a kind word for unknown subcommands."""

    @app.command(COMMAND)
    def show_help(ack: Ack, command: dict[str, Any]) -> None:
        given = words(command)
        ack(text=help_text(None if not given or given[0] == "help" else given[0]))
