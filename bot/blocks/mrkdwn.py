"""Small Block Kit helpers shared by the builders: escaping and the common block shapes."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def escape(text: str) -> str:
    """Text from a programme file or a person, made safe for Slack mrkdwn (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def header(text: str) -> Block:
    """A header block (plain text, at most 150 characters)."""
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def section(text: str) -> Block:
    """A mrkdwn section (at most 3,000 characters)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def context(text: str) -> Block:
    """A small grey line under the message."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def plain(text: str, *, limit: int = 150) -> Block:
    """A plain_text object (titles, labels, button texts)."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def modal(
    title: str,
    blocks: list[Block],
    *,
    callback_id: str | None = None,
    metadata: str | None = None,
    submit: str | None = None,
    close: str = "Cancel",
) -> Block:
    """A modal view: the shape every feature's form shares (title at most 24 characters).

    `metadata` travels back in the submission as `private_metadata`; without `submit`
    the modal only shows something and can be closed.
    """
    view: Block = {
        "type": "modal",
        "title": plain(title, limit=24),
        "close": plain(close, limit=24),
    }
    if callback_id is not None:
        view["callback_id"] = callback_id
    if metadata is not None:
        view["private_metadata"] = metadata
    if submit is not None:
        view["submit"] = plain(submit, limit=24)
    view["blocks"] = blocks
    return view


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    """A button element."""
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    """An actions block holding buttons."""
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block
