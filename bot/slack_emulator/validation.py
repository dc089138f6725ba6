"""Block Kit and view checks, so a message Slack would reject fails in tests too.

Not the whole of Block Kit: the structural rules and length limits that real apps trip
over (empty text, too many blocks, over-long button labels, a modal without a title).
Each problem reads like Slack's: `must be less than 76 characters [json-pointer:/…]`.
"""

from __future__ import annotations

from typing import Any

from bot.slack_emulator.errors import SlackError, invalid_arguments

BLOCK_TYPES = {
    "section", "divider", "header", "context", "actions", "image", "input", "rich_text",
    "file", "video", "markdown",
}  # fmt: skip
ELEMENT_TYPES = {
    "button", "static_select", "external_select", "users_select", "conversations_select",
    "channels_select", "multi_static_select", "multi_users_select", "multi_external_select",
    "multi_conversations_select", "multi_channels_select", "overflow", "datepicker",
    "timepicker", "datetimepicker", "checkboxes", "radio_buttons", "plain_text_input",
    "image", "email_text_input", "url_text_input", "number_input", "rich_text_input",
}  # fmt: skip
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100


class _Checker:
    """Collects problems with their json-pointer, as Slack reports them."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{what} [json-pointer:{where}]")

    def text(
        self, obj: Any, where: str, *, limit: int, plain_only: bool = False, required: bool = True
    ) -> None:
        if obj is None:
            if required:
                self.fail(where, "missing required field: text")
            return
        if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
            self.fail(where, "must be a text object (plain_text or mrkdwn)")
            return
        if plain_only and obj["type"] != "plain_text":
            self.fail(where + "/type", "must be plain_text")
        value = obj.get("text")
        if not isinstance(value, str) or not value:
            self.fail(where + "/text", "must be more than 0 characters")
        elif len(value) > limit:
            self.fail(where + "/text", f"must be less than {limit + 1} characters")

    def element(self, element: Any, where: str) -> None:
        if not isinstance(element, dict) or element.get("type") not in ELEMENT_TYPES:
            self.fail(where, "must provide a valid element type")
            return
        if len(str(element.get("action_id", ""))) > 255:
            self.fail(where + "/action_id", "must be less than 256 characters")
        if element["type"] == "button":
            self.text(element.get("text"), where + "/text", limit=75, plain_only=True)
            if len(str(element.get("value", ""))) > 2000:
                self.fail(where + "/value", "must be less than 2001 characters")
        for key in ("options", "option_groups"):
            options = element.get(key)
            if options is not None and (not isinstance(options, list) or len(options) > 100):
                self.fail(f"{where}/{key}", "must provide a list of at most 100 items")

    def block(self, block: Any, where: str, seen_ids: set[str]) -> None:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            self.fail(where, "must provide a valid block type")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen_ids:
                self.fail(where + "/block_id", "block_id must be unique")
            seen_ids.add(block_id)
        kind = block["type"]
        if kind == "section":
            if block.get("text") is None and not block.get("fields"):
                self.fail(where, "must provide either text or fields")
            self.text(block.get("text"), where + "/text", limit=3000, required=False)
            for i, f in enumerate(block.get("fields") or []):
                self.text(f, f"{where}/fields/{i}", limit=2000)
            if len(block.get("fields") or []) > 10:
                self.fail(where + "/fields", "must provide at most 10 items")
            if block.get("accessory") is not None:
                self.element(block["accessory"], where + "/accessory")
        elif kind == "header":
            self.text(block.get("text"), where + "/text", limit=150, plain_only=True)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
                self.fail(where + "/elements", "must provide between 1 and 25 items")
                return
            for i, e in enumerate(elements):
                self.element(e, f"{where}/elements/{i}")
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                self.fail(where + "/elements", "must provide between 1 and 10 items")
        elif kind == "input":
            self.text(block.get("label"), where + "/label", limit=2000, plain_only=True)
            self.element(block.get("element"), where + "/element")

    def blocks(self, blocks: Any, where: str, limit: int) -> None:
        if not isinstance(blocks, list):
            self.fail(where, "must be an array")
            return
        if len(blocks) > limit:
            self.fail(where, f"must provide at most {limit} items")
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            self.block(block, f"{where}/{i}", seen)


def check_message_blocks(blocks: Any) -> None:
    """`invalid_blocks` (with reasons) unless `blocks` is a valid message layout."""
    checker = _Checker()
    checker.blocks(blocks, "/blocks", MAX_MESSAGE_BLOCKS)
    if checker.problems:
        raise SlackError(
            "invalid_blocks",
            response_metadata={"messages": [f"[ERROR] {p}" for p in checker.problems]},
        )


def check_view(view: Any, *, kind: str) -> None:
    """`invalid_arguments` unless `view` is a valid modal or home view."""
    if not isinstance(view, dict):
        raise invalid_arguments("failed to match all allowed schemas [json-pointer:/view]")
    checker = _Checker()
    if view.get("type") != kind:
        checker.fail("/view/type", f"must be {kind}")
    if kind == "modal":
        checker.text(view.get("title"), "/view/title", limit=24, plain_only=True)
        for key in ("submit", "close"):
            checker.text(view.get(key), f"/view/{key}", limit=24, plain_only=True, required=False)
        has_inputs = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
        )
        if has_inputs and view.get("submit") is None:
            checker.fail("/view/submit", "must provide submit when input blocks are present")
    checker.blocks(view.get("blocks"), "/view/blocks", MAX_VIEW_BLOCKS)
    for key, limit in (("callback_id", 255), ("private_metadata", 3000), ("external_id", 255)):
        if len(str(view.get(key) or "")) > limit:
            checker.fail(f"/view/{key}", f"must be less than {limit + 1} characters")
    if checker.problems:
        raise invalid_arguments(*checker.problems)
