"""Reading Web API arguments the way Slack does, whatever the body encoding.

Form bodies carry everything as strings (`blocks` as a JSON string, booleans as
"1"/"true"); JSON bodies carry real lists and booleans. `Args` hides the difference.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from bot.slack_emulator.errors import SlackError, invalid_arguments


class Args:
    """The arguments of one call, with Slack's coercions."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def string(self, name: str, *, missing: str | None = None) -> str | None:
        """A string argument; `missing` is the error to raise when it is absent or empty."""
        value = self.values.get(name)
        if value is None or value == "":
            if missing:
                raise SlackError(missing)
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def required(self, name: str) -> str:
        """A string argument whose absence is Slack's `invalid_arguments`."""
        value = self.string(name)
        if value is None:
            raise invalid_arguments(f"missing required field: {name}")
        return value

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes")
        return bool(value)

    def integer(self, name: str, default: int, *, low: int = 0, high: int | None = None) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SlackError(f"invalid_{name}") from None
        if number < low:
            raise SlackError(f"invalid_{name}")
        return min(number, high) if high is not None else number

    def structured(self, name: str, *, error: str = "invalid_arguments") -> Any:
        """A structured argument (`blocks`, `view`, `metadata`): JSON text or already parsed."""
        value = self.values.get(name)
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise SlackError(error) from None
        return value

    def ids(self, name: str) -> list[str]:
        """A list of ids: "U1,U2", a JSON list, or a real list."""
        value = self.values.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                value = self.structured(name)
            else:
                return [v.strip() for v in value.split(",") if v.strip()]
        return [str(v) for v in value]


def paginate(items: list[Any], limit: int, cursor: str | None) -> tuple[list[Any], str]:
    """Slack's cursor pagination: a page of `items` and the next cursor ("" at the end)."""
    start = 0
    if cursor:
        try:
            start = int(base64.b64decode(cursor.encode()).decode().removeprefix("offset:"))
        except ValueError:
            raise SlackError("invalid_cursor") from None
    end = start + limit
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(items) else ""
    return items[start:end], next_cursor
