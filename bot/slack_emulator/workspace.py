"""The emulated workspace: people, conversations, messages, views and files.

Plain data with Slack's rules about who can see and post where. The HTTP layer
(`server.py`) holds the lock; nothing here is thread-safe on its own.
"""

from __future__ import annotations

import copy
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.slack_emulator.errors import SlackError

TEAM_ID = "TCOHORT"
TEAM_NAME = "Cohort Sandbox"
TEAM_DOMAIN = "cohort-sandbox"
APP_ID = "ACOHORT"
BOT_USER_ID = "UCOHORTBOT"
BOT_ID = "BCOHORT"
BOT_NAME = "cohort"
BOT_TOKEN = "xoxb-emulator"
APP_TOKEN = "xapp-1-emulator"  # app-level: opens Socket Mode, calls nothing else


@dataclass
class User:
    """A member of the workspace (a person or a bot user)."""

    id: str
    name: str
    real_name: str
    is_bot: bool = False
    tz: str = "Europe/London"
    email: str | None = None
    bot_id: str | None = None
    deleted: bool = False

    def to_api(self) -> dict[str, Any]:
        """The user object as `users.info` returns it."""
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "team": TEAM_ID,
        }
        if self.email:
            profile["email"] = self.email
        if self.bot_id:
            profile["bot_id"] = self.bot_id
            profile["api_app_id"] = APP_ID
        return {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": 0,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 0,
        }


@dataclass
class Channel:
    """A conversation: public channel, private channel, IM or multi-person IM."""

    id: str
    name: str
    kind: str  # "channel" | "group" | "im" | "mpim"
    members: list[str]
    created: int
    is_archived: bool = False
    im_user: str | None = None  # the person at the other end of an IM

    @property
    def is_private(self) -> bool:
        return self.kind != "channel"

    def to_api(self, viewer: str, *, num_members: bool = False) -> dict[str, Any]:
        """The conversation object as `conversations.info` returns it to `viewer`."""
        data: dict[str, Any] = {
            "id": self.id,
            "created": self.created,
            "is_archived": self.is_archived,
            "is_channel": self.kind == "channel",
            "is_group": self.kind == "group",
            "is_im": self.kind == "im",
            "is_mpim": self.kind == "mpim",
            "is_private": self.is_private,
            "is_member": viewer in self.members,
            "context_team_id": TEAM_ID,
        }
        if self.kind == "im":
            data["user"] = self.im_user
            data["is_open"] = True
        else:
            data["name"] = self.name
            data["name_normalized"] = self.name
            data["is_general"] = False
            data["topic"] = {"value": "", "creator": "", "last_set": 0}
            data["purpose"] = {"value": "", "creator": "", "last_set": 0}
        if num_members:
            data["num_members"] = len(self.members)
        return data


@dataclass
class StoredFile:
    """A file uploaded through the v2 flow (getUploadURLExternal → POST → complete)."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channels: list[str] = field(default_factory=list)
    completed: bool = False

    def to_api(self) -> dict[str, Any]:
        """The file object as `files.completeUploadExternal` returns it."""
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "mimetype": _mimetype(self.filename),
            "filetype": self.filename.rsplit(".", 1)[-1] if "." in self.filename else "",
            "size": len(self.content or b""),
            "user": BOT_USER_ID,
            "channels": list(self.channels),
            "url_private": f"https://files.slack.com/files-pri/{TEAM_ID}-{self.id}/{self.filename}",
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{BOT_USER_ID}/{self.id}",
        }


def _mimetype(filename: str) -> str:
    """The few types Cohort uploads; anything else is a plain byte stream."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {
        "ics": "text/calendar",
        "csv": "text/csv",
        "txt": "text/plain",
        "json": "application/json",
    }.get(ext, "application/octet-stream")


class Workspace:
    """Everything the emulated Slack knows, with the rules about who sees what."""

    def __init__(
        self,
        now: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._now = now
        self.monotonic = monotonic
        self._last_micros = 0
        self._ids = itertools.count(1)
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.ephemerals: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, StoredFile] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.view_owner: dict[str, str] = {}
        self.home_views: dict[str, str] = {}  # user → view id
        self.modal_stacks: dict[str, list[str]] = {}  # user → open modal view ids
        self.triggers: dict[str, tuple[str, float, bool]] = {}  # id → (user, issued, used)
        self.response_urls: dict[str, dict[str, Any]] = {}
        self._group_keys: dict[frozenset[str], str] = {}
        self.add_user(
            BOT_USER_ID, BOT_NAME, real_name="Cohort", is_bot=True, bot_id=BOT_ID, tz="UTC"
        )

    # -- ids and time ---------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        """A fresh Slack-looking id such as `V0000000012`."""
        return f"{prefix}{next(self._ids):010d}"

    def next_ts(self) -> str:
        """A message timestamp: the emulator's time, strictly increasing, 6 decimals."""
        micros = max(int(self._now() * 1_000_000), self._last_micros + 1)
        self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def now(self) -> float:
        return self._now()

    # -- people and conversations ----------------------------------------------------------

    def add_user(self, user_id: str, name: str, **fields: Any) -> User:
        real_name = fields.pop("real_name", None) or name
        user = User(id=user_id, name=name, real_name=real_name, **fields)
        self.users[user_id] = user
        return user

    def add_channel(
        self, channel_id: str, name: str, members: list[str], *, is_private: bool, bot_member: bool
    ) -> Channel:
        everyone = list(dict.fromkeys([*members, *([BOT_USER_ID] if bot_member else [])]))
        kind = "group" if is_private else "channel"
        channel = Channel(channel_id, name, kind, everyone, created=int(self._now()))
        self.channels[channel_id] = channel
        self.messages.setdefault(channel_id, [])
        return channel

    def user(self, user_id: str | None) -> User:
        if not user_id or user_id not in self.users:
            raise SlackError("user_not_found")
        return self.users[user_id]

    def open_conversation(self, user_ids: list[str]) -> tuple[Channel, bool]:
        """The IM (one person) or MPIM (several) between the bot and these people.

        Returns the conversation and whether it already existed (Slack's `already_open`).
        """
        people = [u for u in dict.fromkeys(user_ids) if u != BOT_USER_ID]
        if not people:
            raise SlackError("cannot_dm_bot")
        for uid in people:
            if self.user(uid).deleted:
                raise SlackError("user_disabled")
        if len(people) > 8:
            raise SlackError("too_many_users")
        key = frozenset(people)
        if key in self._group_keys:
            return self.channels[self._group_keys[key]], True
        if len(people) == 1:
            channel = Channel(
                self.new_id("D"), "", "im", [BOT_USER_ID, people[0]], int(self._now()),
                im_user=people[0],
            )  # fmt: skip
        else:
            name = "mpdm-" + "--".join(self.users[u].name for u in people) + "-1"
            channel = Channel(self.new_id("G"), name, "mpim", [BOT_USER_ID, *people], 0)
            channel.created = int(self._now())
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        self._group_keys[key] = channel.id
        return channel, False

    def visible_channel(self, channel_id: str | None, viewer: str = BOT_USER_ID) -> Channel:
        """A conversation `viewer` may see: public ones, or private ones it belongs to."""
        channel = self.channels.get(channel_id or "")
        if channel is None and channel_id and channel_id.startswith(("U", "W")):
            channel = self.open_conversation([channel_id])[0]  # Slack posts to the IM
        if channel is None or (channel.is_private and viewer not in channel.members):
            raise SlackError("channel_not_found")
        return channel

    def member_channel(self, channel_id: str | None) -> Channel:
        """A conversation the bot must belong to (history, posting): `not_in_channel` if not."""
        channel = self.visible_channel(channel_id)
        if BOT_USER_ID not in channel.members:
            raise SlackError("not_in_channel")
        return channel

    # -- messages --------------------------------------------------------------------------

    def find_message(self, channel_id: str, ts: str | None) -> dict[str, Any]:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def add_message(self, channel: Channel, message: dict[str, Any]) -> dict[str, Any]:
        """Store a message (and thread bookkeeping on its parent); returns the stored copy."""
        message = {"type": "message", "ts": self.next_ts(), **message}
        thread_ts = message.get("thread_ts")
        if thread_ts:
            try:
                parent = self.find_message(channel.id, thread_ts)
            except SlackError:
                raise SlackError("thread_not_found") from None
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = parent.get("reply_count", 0) + 1
            parent["latest_reply"] = message["ts"]
            repliers = parent.setdefault("reply_users", [])
            if message.get("user") and message["user"] not in repliers:
                repliers.append(message["user"])
            parent["reply_users_count"] = len(repliers)
        self.messages.setdefault(channel.id, []).append(message)
        return message

    def bot_message(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A message body posted by the Cohort bot, as Slack shapes it."""
        return {
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "bot_profile": {"id": BOT_ID, "app_id": APP_ID, "name": BOT_NAME, "team_id": TEAM_ID},
            **{k: v for k, v in fields.items() if v is not None},
        }

    def permalink(self, channel_id: str, ts: str) -> str:
        message = self.find_message(channel_id, ts)
        link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel_id}/p{ts.replace('.', '')}"
        if message.get("thread_ts") and message["thread_ts"] != ts:
            link += f"?thread_ts={message['thread_ts']}&cid={channel_id}"
        return link

    # -- views -----------------------------------------------------------------------------

    def issue_trigger(self, user_id: str) -> str:
        """A trigger id as Slack puts in interaction payloads; valid once, for 3 seconds."""
        trigger = f"{int(self._now())}.{next(self._ids)}.{secrets.token_hex(8)}"
        self.triggers[trigger] = (user_id, self.monotonic(), False)
        return trigger

    def store_view(self, view: dict[str, Any], owner: str, view_id: str | None = None) -> dict:
        view_id = view_id or self.new_id("V")
        stored = {
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "app_installed_team_id": TEAM_ID,
            "callback_id": "",
            "private_metadata": "",
            "external_id": "",
            "state": {"values": {}},
            "hash": f"{int(self._now())}.{next(self._ids):08x}",
            "clear_on_close": False,
            "notify_on_close": False,
            "root_view_id": view_id,
            "previous_view_id": None,
            **copy.deepcopy(view),
        }
        self.views[view_id] = stored
        self.view_owner[view_id] = owner
        return stored

    def find_view(self, view_id: str | None, external_id: str | None) -> dict[str, Any]:
        if view_id and view_id in self.views:
            return self.views[view_id]
        if external_id:
            for view in self.views.values():
                if view.get("external_id") == external_id:
                    return view
        raise SlackError("not_found")


@dataclass(frozen=True)
class Notice:
    """Something visible happened (a message posted, a view opened): for observers.

    `kind` is one of "message", "message_changed", "message_deleted", "ephemeral",
    "view_opened", "view_pushed", "view_updated", "home_published".
    """

    kind: str
    channel: str | None = None
    user: str | None = None
    message: dict[str, Any] | None = None
    view: dict[str, Any] | None = None
