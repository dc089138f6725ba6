"""Signed requests into the app's HTTP endpoint, exactly as Slack sends them.

`SlackSender` signs with Slack's v0 scheme (`X-Slack-Signature` = `v0=` + HMAC-SHA256 of
`v0:{timestamp}:{body}` with the signing secret, `X-Slack-Request-Timestamp`) and posts
events (JSON), interactions (form `payload=<json>`) and slash commands (form fields).
The builders below start from real payloads captured from Slack (`bot/data/slack_payloads/`,
see SOURCE.txt there) and override only ids, text and timestamps.

Tests and the sandbox both use this module, so every user action reaches the app the
same way it would from Slack.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import hmac
import json
import secrets
import string
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bot.slack_emulator.workspace import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

PAYLOADS = Path(__file__).parent / "data" / "slack_payloads"


def signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature for this body at this timestamp."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Reply:
    """The app's HTTP answer to one request."""

    status: int
    body: str
    headers: Mapping[str, str]

    def json(self) -> Any:
        """The body as JSON (None when empty, as for a bare `ack()`)."""
        return json.loads(self.body) if self.body.strip() else None

    def message(self) -> dict[str, Any] | None:
        """The message an acknowledgement carries (a command's `ack(text)`), if any.

        Slack accepts a JSON message or plain text; None for an empty body.
        """
        if not self.body.strip():
            return None
        if "json" in self.headers.get("Content-Type", self.headers.get("content-type", "")):
            data = self.json()
            return data if isinstance(data, dict) else None
        return {"text": self.body}


class SlackSender:
    """Posts signed requests to one endpoint (e.g. `http://127.0.0.1:PORT/slack/events`).

    `clock` gives the signing timestamp in epoch seconds; pass `timestamp=` to one call
    to sign with another (a stale one, say) and `signing_secret=` to sign wrongly.
    """

    def __init__(
        self,
        url: str,
        signing_secret: str,
        *,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.signing_secret = signing_secret
        self.clock = clock
        self.timeout = timeout

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        timestamp: float | None = None,
        signing_secret: str | None = None,
    ) -> Reply:
        """Sign and POST a raw body; HTTP errors come back as a `Reply`, not an exception."""
        ts = str(int(self.clock() if timestamp is None else timestamp))
        secret = self.signing_secret if signing_secret is None else signing_secret
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(secret, ts, body),
            **(headers or {}),
        }
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
                return Reply(response.status, text, dict(response.headers))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read().decode("utf-8", "replace"), dict(e.headers))

    def send_event(
        self,
        payload: Mapping[str, Any],
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        **sign: Any,
    ) -> Reply:
        """An Events API request; `retry_num` marks it as Slack's retry of the same event."""
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        body = json.dumps(payload).encode()
        return self.post(body, "application/json", headers=headers, **sign)

    def send_action(self, payload: Mapping[str, Any], **sign: Any) -> Reply:
        """An interactivity request (block_actions, view_submission, …): `payload=<json>`."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **sign)

    def send_command(self, fields: Mapping[str, str], **sign: Any) -> Reply:
        """A slash command: its fields, form-encoded."""
        body = urlencode(dict(fields)).encode()
        return self.post(body, "application/x-www-form-urlencoded", **sign)


# -- payload builders --------------------------------------------------------------------------


@functools.cache
def _template_text(name: str) -> str:
    return (PAYLOADS / f"{name}.json").read_text(encoding="utf-8")


def load_payload(name: str) -> dict[str, Any]:
    """A fresh copy of a captured payload, e.g. `load_payload("interactive_block_actions")`."""
    return json.loads(_template_text(name))


def new_event_id() -> str:
    """An event id in Slack's format (`Ev` + 10 upper-case letters and digits)."""
    alphabet = string.ascii_uppercase + string.digits
    return "Ev" + "".join(secrets.choice(alphabet) for _ in range(10))


def url_verification(
    challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
) -> dict:
    """The handshake Slack sends when the Request URL is saved."""
    return {**load_payload("url_verification"), "challenge": challenge}


def event_callback(
    event: Mapping[str, Any], *, event_id: str | None = None, event_time: int | None = None
) -> dict[str, Any]:
    """Wrap an inner event as Slack delivers it to this workspace's Cohort app."""
    wrapper = load_payload("event_app_mention_with_authorizations")
    wrapper.pop("enterprise_id", None)
    wrapper.update(
        {
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": dict(event),
            "event_id": event_id or new_event_id(),
            "event_time": event_time if event_time is not None else int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
    )
    return wrapper


def _message_fields(
    template: dict[str, Any],
    *,
    user: str,
    channel: str,
    text: str,
    ts: str,
    thread_ts: str | None,
) -> dict[str, Any]:
    event = copy.deepcopy(template)
    for key in ("thread_ts", "parent_user_id", "source_team", "user_team", "user_profile"):
        event.pop(key, None)
    event.update(
        {"user": user, "channel": channel, "text": text, "ts": ts, "event_ts": ts, "team": TEAM_ID}
    )
    if "blocks" in event:
        event["blocks"] = [_rich_text(text)]
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def _rich_text(text: str) -> dict[str, Any]:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "block_id": secrets.token_hex(2), "elements": [section]}


def message_event(
    *,
    user: str,
    channel: str,
    text: str,
    ts: str,
    thread_ts: str | None = None,
    channel_type: str = "im",
) -> dict[str, Any]:
    """A `message` event a person wrote (`channel_type` "im", "channel", "group", "mpim")."""
    template = load_payload("event_message_channel")["event"]
    event = _message_fields(
        template, user=user, channel=channel, text=text, ts=ts, thread_ts=thread_ts
    )
    event["channel_type"] = channel_type
    return event


def app_mention_event(
    *, user: str, channel: str, text: str, ts: str, thread_ts: str | None = None
) -> dict[str, Any]:
    """An `app_mention` event; `text` should contain `<@UCOHORTBOT>` as Slack's does."""
    template = load_payload("event_app_mention_with_authorizations")["event"]
    return _message_fields(
        template, user=user, channel=channel, text=text, ts=ts, thread_ts=thread_ts
    )


def bot_message_event(
    *,
    channel: str,
    text: str,
    ts: str,
    bot_id: str = "B999",
    user: str = "UB111",
    channel_type: str = "channel",
) -> dict[str, Any]:
    """A `message` event from a bot (another app's by default; pass Cohort's ids for its own)."""
    event = load_payload("event_message_bot")["event"]
    event.update(
        {"bot_id": bot_id, "user": user, "channel": channel, "text": text, "ts": ts,
         "event_ts": ts, "team": TEAM_ID, "channel_type": channel_type}
    )  # fmt: skip
    event["bot_profile"].update({"id": bot_id, "team_id": TEAM_ID})
    return event


def own_message_event(*, channel: str, text: str, ts: str, channel_type: str = "im") -> dict:
    """The `message` event Slack sends back for a message Cohort itself posted."""
    return bot_message_event(
        channel=channel, text=text, ts=ts, bot_id=BOT_ID, user=BOT_USER_ID,
        channel_type=channel_type,
    )  # fmt: skip


def app_home_opened_event(
    *, user: str, channel: str, tab: str = "home", view: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The `app_home_opened` event (`tab` "home" or "messages")."""
    event = load_payload("event_app_home_opened")["event"]
    event.update({"user": user, "channel": channel, "tab": tab, "event_ts": f"{time.time():.6f}"})
    if view is not None:
        event["view"] = dict(view)
    return event


def _interaction_people(payload: dict[str, Any], user: str, user_name: str) -> None:
    payload["user"] = {"id": user, "username": user_name, "name": user_name, "team_id": TEAM_ID}
    payload["team"] = {"id": TEAM_ID, "domain": TEAM_DOMAIN}
    payload["api_app_id"] = APP_ID


def block_actions(
    *,
    user: str,
    action: Mapping[str, Any],
    trigger_id: str,
    response_url: str | None = None,
    channel: str | None = None,
    message: Mapping[str, Any] | None = None,
    view: Mapping[str, Any] | None = None,
    user_name: str = "someone",
) -> dict[str, Any]:
    """A `block_actions` payload for one clicked element (`action` as in the block, e.g. a button).

    Give `channel` and `message` for a click in a message, `view` for one in a modal or App Home.
    """
    payload = load_payload("interactive_block_actions")
    _interaction_people(payload, user, user_name)
    clicked = {
        "action_id": action.get("action_id", ""),
        "block_id": action.get("block_id", ""),
        "type": action.get("type", "button"),
        "action_ts": f"{time.time():.6f}",
    }
    for key in ("text", "value", "selected_option", "selected_options", "selected_date", "url"):
        if key in action:
            clicked[key] = action[key]
    payload.update({"trigger_id": trigger_id, "actions": [clicked]})
    payload.pop("response_url", None)
    payload.pop("channel", None)
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = dict(view)
    elif channel is not None and message is not None:
        payload["container"] = {
            "type": "message", "message_ts": message["ts"], "channel_id": channel,
            "is_ephemeral": bool(message.get("for_user")),
        }  # fmt: skip
        payload["channel"] = {"id": channel, "name": channel}
        payload["message"] = dict(message)
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def view_submission(
    *,
    user: str,
    view: Mapping[str, Any],
    values: Mapping[str, Mapping[str, Any]],
    trigger_id: str,
    user_name: str = "someone",
) -> dict[str, Any]:
    """A `view_submission` for an open modal; `values` is `state.values` ({block: {action: …}})."""
    payload = load_payload("interactive_view_submission")
    _interaction_people(payload, user, user_name)
    submitted = {**copy.deepcopy(dict(view)), "state": {"values": copy.deepcopy(dict(values))}}
    payload.update({"view": submitted, "trigger_id": trigger_id, "response_urls": []})
    return payload


def view_closed(*, user: str, view: Mapping[str, Any], user_name: str = "someone") -> dict:
    """A `view_closed` payload (sent only for views with `notify_on_close`)."""
    payload = load_payload("interactive_view_closed")
    _interaction_people(payload, user, user_name)
    payload["view"] = dict(view)
    payload["is_cleared"] = False
    return payload


def slash_command(
    *,
    user: str,
    text: str,
    channel: str,
    trigger_id: str,
    response_url: str,
    command: str = "/cohort",
    user_name: str = "someone",
    channel_name: str = "directmessage",
) -> dict[str, str]:
    """The form fields of a slash command."""
    fields = load_payload("slash_command")
    for key in ("enterprise_id", "enterprise_name"):
        fields.pop(key, None)
    fields.update(
        {
            "team_id": TEAM_ID, "team_domain": TEAM_DOMAIN, "channel_id": channel,
            "channel_name": channel_name, "user_id": user, "user_name": user_name,
            "command": command, "text": text, "response_url": response_url,
            "trigger_id": trigger_id, "api_app_id": APP_ID,
        }
    )  # fmt: skip
    return fields
