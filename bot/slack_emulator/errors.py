"""The one way an emulated Web API method says no: Slack's `{"ok": false, "error": …}`."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A Slack API error; `extra` lands next to `error` in the response body.

    Slack answers API errors with HTTP 200 and `ok: false`, so the status defaults to 200;
    only infrastructure faults (429, 5xx) use another one.
    """

    def __init__(self, error: str, *, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack would send."""
        return {"ok": False, "error": self.error, **self.extra}


def invalid_arguments(*messages: str) -> SlackError:
    """Slack's shape for a malformed view or block: `invalid_arguments` plus the reasons."""
    return SlackError(
        "invalid_arguments",
        response_metadata={"messages": [f"[ERROR] {m}" for m in messages]},
    )
