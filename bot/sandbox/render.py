"""Block Kit and Slack mrkdwn, shown readably in a terminal with rich.

Buttons are numbered (`[1] Reflect`) so the console can offer them as choices; the
numbers come from the caller, which keeps the list of what can be clicked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape as rich_escape
from rich.rule import Rule
from rich.text import Text

Names = Callable[[str], str]  # Slack id → a person's or channel's name

_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]+))?>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)>")
_STYLES = [
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), "bold"),
    (re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])"), "italic"),
    (re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])"), "strike"),
    (re.compile(r"`([^`\n]+)`"), "cyan"),
]
BUTTON_STYLES = {"primary": "bold green", "danger": "bold red"}


def mrkdwn(text: str, names: Names) -> Text:
    """Slack mrkdwn (bold, italic, code, links, mentions) as rich Text."""
    markup = rich_escape(text)
    markup = _USER.sub(lambda m: f"[bold magenta]@{rich_escape(names(m.group(1)))}[/]", markup)
    markup = _CHANNEL.sub(
        lambda m: f"[bold magenta]#{rich_escape(m.group(2) or names(m.group(1)))}[/]", markup
    )
    markup = _SPECIAL.sub(lambda m: f"[bold magenta]@{m.group(1)}[/]", markup)
    markup = _LINK.sub(
        lambda m: (
            f"[underline blue]{m.group(2) or m.group(1)}[/]"
            + (f" [dim]({m.group(1)})[/]" if m.group(2) else "")
        ),
        markup,
    )
    for pattern, style in _STYLES:
        markup = pattern.sub(rf"[{style}]\1[/{style}]", markup)
    markup = markup.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return Text.from_markup(markup)


def _text_of(obj: dict[str, Any] | None, names: Names) -> Text:
    if not obj:
        return Text("")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")), names)
    return Text(str(obj.get("text", "")))


def button_label(element: dict[str, Any], number: int | None) -> Text:
    """`[3] Reflect`, coloured by the button's style."""
    label = str(element.get("text", {}).get("text", "button"))
    style = BUTTON_STYLES.get(str(element.get("style")), "bold")
    prefix = f"[{number}] " if number is not None else ""
    return Text(f" {prefix}{label} ", style=f"{style} reverse")


def _rich_text(block: dict[str, Any]) -> Text:
    parts: list[str] = []
    for element in block.get("elements", []):
        parts.extend(str(e.get("text", "")) for e in element.get("elements", []))
    return Text("".join(parts))


def render_blocks(
    blocks: Iterable[dict[str, Any]],
    names: Names,
    number_of: Callable[[dict[str, Any]], int | None] = lambda _: None,
) -> RenderableType:
    """Blocks as terminal output; `number_of(button)` gives each button its choice number."""
    out: list[RenderableType] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            out.append(Text(str(block.get("text", {}).get("text", "")), style="bold underline"))
        elif kind == "section":
            if block.get("text"):
                out.append(_text_of(block["text"], names))
            for item in block.get("fields") or []:
                out.append(_text_of(item, names))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                out.append(button_label(accessory, number_of(accessory)))
        elif kind == "context":
            line = Text(" ").join(_text_of(e, names) for e in block.get("elements", []))
            line.stylize("dim")
            out.append(line)
        elif kind == "divider":
            out.append(Rule(style="dim"))
        elif kind == "actions":
            row = Text(" ")
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    row.append(button_label(element, number_of(element)))
                    row.append("  ")
                else:
                    row.append(f"({element.get('type')})  ", style="dim")
            out.append(row)
        elif kind == "rich_text":
            out.append(_rich_text(block))
        elif kind == "image":
            out.append(Text(f"[image: {block.get('alt_text', '')}]", style="dim"))
        elif kind == "input":
            out.append(Text(f"✎ {block.get('label', {}).get('text', '')}", style="italic"))
    return Group(*out)


def render_message(
    message: dict[str, Any],
    names: Names,
    number_of: Callable[[dict[str, Any]], int | None] = lambda _: None,
) -> RenderableType:
    """A message: its blocks (or text when it has none) and any files shared with it."""
    parts: list[RenderableType] = []
    if message.get("blocks"):
        parts.append(render_blocks(message["blocks"], names, number_of))
    elif message.get("text"):
        parts.append(mrkdwn(str(message["text"]), names))
    for shared in message.get("files") or []:
        parts.append(Text(f"📎 {shared.get('name')} ({shared.get('mimetype')})", style="cyan"))
    return Group(*parts)
