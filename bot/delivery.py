"""Sending one outbox message with slack_sdk: the dispatcher's `Sender` for real Slack.

Exactly-once on top of at-least-once: every post carries Slack message metadata
`{"event_type": "cohort_outbox", "event_payload": {"key": <outbox key>}}`. When a row
may already have reached Slack (an earlier claim died after posting, or a timeout hid
the answer), the channel's recent history is searched for that key before posting, and
a found message is finished (its .ics uploaded if missing) instead of posted again.

The WebClient is built without slack_sdk's own retry handlers: a retry inside the SDK
would re-post without the history check. Retries belong to the outbox, which knows how
many attempts were made and records them.
"""

from __future__ import annotations

import http.client
import logging
import threading
import urllib.error
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dispatch import SendResult
from bot.messages import Attachment, Rendered
from bot.outbox import OutboxMessage

logger = logging.getLogger(__name__)

METADATA_EVENT = "cohort_outbox"
HISTORY_PAGES = 5  # look back over the newest 5 × 200 messages for an earlier post
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)
NETWORK_ERRORS = (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException)


def make_client(*, token: str, base_url: str, timeout: int = 10) -> WebClient:
    """A WebClient for delivery: our timeout, and no SDK-level retries (see above)."""
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


class SlackDelivery:
    """Posts rendered outbox messages; safe to share between the dispatcher's threads."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._conversations: dict[str, str] = {}  # user id(s) → DM channel id
        self._lock = threading.Lock()

    # -- the Sender protocol ---------------------------------------------------------------

    def send(self, message: OutboxMessage, rendered: Rendered) -> SendResult:
        """Post the message once (checking for an earlier post first when it may exist)."""
        channel: str | None = message.slack_channel
        ts: str | None = None
        try:
            if message.may_have_been_sent:
                channel = channel or rendered.channel or self.conversation_for(message.target)
                ts = message.slack_ts or self.find_posted(channel, message.key)
                if ts is not None:
                    logger.info(
                        "outbox %s was already posted (ts %s): not posting again", message.key, ts
                    )
            if ts is None:
                channel, ts = self._post(
                    rendered.channel or self._post_target(message.target), message, rendered
                )
                self._remember(message.target, channel)
            assert channel is not None
            attachment = rendered.attachment
            if attachment is not None and not (
                message.may_have_been_sent and self._has_file(channel, ts, attachment)
            ):
                self._upload(channel, ts, attachment)
            return SendResult("sent", channel=channel, ts=ts)
        except SlackApiError as exc:
            return classify(exc, channel=channel, ts=ts)
        except NETWORK_ERRORS as exc:
            return SendResult("retry", channel=channel, ts=ts, error=f"network: {exc!r}")

    def notify(self, channel: str, text: str) -> None:
        """Tell the organisers something directly (best effort, not through the outbox)."""
        try:
            self.client.chat_postMessage(channel=channel, text=text, unfurl_links=False)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            logger.warning("could not tell %s: %s", channel, exc)

    # -- steps -----------------------------------------------------------------------------

    def _post_target(self, target: str) -> str:
        """Where to post: a channel as is, one person by user id (Slack posts to the bot's
        DM with them, saving a conversations.open), a group DM once opened."""
        return self.conversation_for(target) if "," in target else target

    def _remember(self, target: str, channel: str) -> None:
        if target != channel:
            with self._lock:
                self._conversations[target] = channel

    def conversation_for(self, target: str) -> str:
        """The conversation id: a channel as is; a DM or group DM opened for user ids."""
        if target[:1] not in ("U", "W"):
            return target
        with self._lock:
            known = self._conversations.get(target)
        if known is not None:
            return known
        response = self.client.conversations_open(users=target)
        channel = str(response["channel"]["id"])
        self._remember(target, channel)
        return channel

    def _post(self, channel: str, message: OutboxMessage, rendered: Rendered) -> tuple[str, str]:
        """Post; returns the conversation id Slack used (a D… for a user id) and the ts."""
        arguments: dict[str, Any] = {
            "channel": channel,
            "text": rendered.text,
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": message.key}},
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if rendered.blocks is not None:
            arguments["blocks"] = rendered.blocks
        response = self.client.chat_postMessage(**arguments)
        return str(response["channel"]), str(response["ts"])

    def _upload(self, channel: str, ts: str, attachment: Attachment) -> None:
        self.client.files_upload_v2(
            channel=channel,
            thread_ts=ts,
            content=attachment.content,
            filename=attachment.filename,
            title=attachment.title,
        )

    def find_posted(self, channel: str, key: str) -> str | None:
        """The ts of a message carrying this outbox key among the channel's newest ones."""
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            response = self.client.conversations_history(
                channel=channel, include_all_metadata=True, limit=200, cursor=cursor
            )
            messages: list[dict[str, Any]] = response.get("messages", [])
            for found in messages:
                metadata = found.get("metadata") or {}
                if (
                    metadata.get("event_type") == METADATA_EVENT
                    and (metadata.get("event_payload") or {}).get("key") == key
                ):
                    return str(found["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None

    def _has_file(self, channel: str, ts: str, attachment: Attachment) -> bool:
        """Whether the thread of `ts` already holds this attachment (a resumed send)."""
        response = self.client.conversations_replies(channel=channel, ts=ts, limit=200)
        replies: list[dict[str, Any]] = response.get("messages", [])
        return any(
            shared.get("name") == attachment.filename
            for reply in replies
            for shared in reply.get("files") or []
        )


def classify(exc: SlackApiError, *, channel: str | None, ts: str | None) -> SendResult:
    """A Slack error as an outcome: rate limited, worth retrying, or permanent."""
    response = exc.response
    status = getattr(response, "status_code", 200)
    error = str((response.data or {}).get("error", "")) if isinstance(response.data, dict) else ""
    if status == 429 or error == "ratelimited":
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        raw = headers.get("retry-after")
        retry_after = float(raw[0] if isinstance(raw, list) else raw) if raw else 1.0
        return SendResult(
            "rate_limited", channel=channel, ts=ts, error="ratelimited", retry_after=retry_after
        )
    detail = f"{error or 'error'} (HTTP {status})"
    if status >= 500 or error in TRANSIENT_ERRORS:
        return SendResult("retry", channel=channel, ts=ts, error=detail)
    return SendResult("failed", channel=channel, ts=ts, error=detail)
