"""Emulated Web API methods for identity, messages, conversations and people.

Each method takes a `Context` and returns the success body (without `ok`), or raises
`SlackError` with the error Slack documents for that case (see the OpenAPI spec in
`slack-spec/`). Argument names and defaults follow Slack's documentation.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.slack_emulator.args import Args, paginate
from bot.slack_emulator.errors import SlackError
from bot.slack_emulator.validation import check_message_blocks
from bot.slack_emulator.workspace import (
    BOT_ID,
    BOT_NAME,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    TEAM_NAME,
    Channel,
    Notice,
    Workspace,
)

MAX_TEXT = 40_000


@dataclass
class Context:
    """One API call: the workspace, its arguments, where the emulator lives, what happened."""

    ws: Workspace
    args: Args
    base_url: str
    notices: list[Notice] = field(default_factory=list)


Method = Callable[[Context], dict[str, Any]]


def public(message: dict[str, Any], *, with_metadata: bool = True) -> dict[str, Any]:
    """A copy of a stored message as the API shows it."""
    shown = copy.deepcopy(message)
    if not with_metadata:
        shown.pop("metadata", None)
    return shown


def message_content(c: Context, *, require: bool = True) -> dict[str, Any]:
    """Text, blocks, attachments and metadata of a message, checked as Slack checks them."""
    a = c.args
    text = a.string("text")
    blocks = a.structured("blocks", error="invalid_blocks_format")
    attachments = a.structured("attachments", error="invalid_attachments")
    if blocks is not None:
        check_message_blocks(blocks)
    if attachments is not None and (not isinstance(attachments, list) or len(attachments) > 100):
        raise SlackError("too_many_attachments")
    if require and not text and not blocks and not attachments:
        raise SlackError("no_text")
    if text and len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    metadata = a.structured("metadata", error="invalid_metadata_format")
    if metadata is not None and not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload", {}), dict)
    ):
        raise SlackError("invalid_metadata_format")
    content = {"text": text or "", "blocks": blocks, "attachments": attachments}
    if metadata is not None:
        content["metadata"] = metadata
    return {k: v for k, v in content.items() if v is not None}


def writable(channel: Channel) -> Channel:
    """The bot may post here: it is a member and the channel is not archived."""
    if channel.is_archived:
        raise SlackError("is_archived")
    if BOT_USER_ID not in channel.members:
        raise SlackError("not_in_channel")
    return channel


# -- auth --------------------------------------------------------------------------------------


def auth_test(c: Context) -> dict[str, Any]:
    return {
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": TEAM_NAME,
        "user": BOT_NAME,
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


# -- chat --------------------------------------------------------------------------------------


def chat_post_message(c: Context) -> dict[str, Any]:
    channel = writable(c.ws.visible_channel(c.args.string("channel")))
    fields = message_content(c)
    thread_ts = c.args.string("thread_ts")
    if thread_ts:
        fields["thread_ts"] = thread_ts
        if c.args.flag("reply_broadcast"):
            fields["subtype"] = "thread_broadcast"
    message = c.ws.add_message(channel, c.ws.bot_message(fields))
    c.notices.append(Notice("message", channel=channel.id, message=public(message)))
    return {"channel": channel.id, "ts": message["ts"], "message": public(message)}


def chat_update(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    message = c.ws.find_message(channel.id, c.args.string("ts", missing="message_not_found"))
    if message.get("user") != BOT_USER_ID:
        raise SlackError("cant_update_message")
    content = message_content(c, require=False)
    if not content.get("text") and not content.get("blocks") and not content.get("attachments"):
        raise SlackError("no_text")
    # Slack keeps blocks and attachments that are not re-sent; an empty list removes them.
    for key in ("text", "blocks", "attachments", "metadata"):
        if key in content:
            message[key] = content[key]
            if content[key] == []:
                del message[key]
    message["edited"] = {"user": BOT_USER_ID, "ts": c.ws.next_ts()}
    c.notices.append(Notice("message_changed", channel=channel.id, message=public(message)))
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": public(message),
    }


def chat_delete(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    message = c.ws.find_message(channel.id, c.args.string("ts", missing="message_not_found"))
    if message.get("user") != BOT_USER_ID:
        raise SlackError("cant_delete_message")
    c.ws.messages[channel.id].remove(message)
    c.notices.append(Notice("message_deleted", channel=channel.id, message=public(message)))
    return {"channel": channel.id, "ts": message["ts"]}


def chat_post_ephemeral(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    user = c.args.string("user", missing="user_not_in_channel")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    if channel.is_archived:
        raise SlackError("is_archived")
    fields = message_content(c)
    ts = c.ws.next_ts()
    message = c.ws.bot_message({**fields, "ts": ts, "thread_ts": c.args.string("thread_ts")})
    c.ws.ephemerals.setdefault(channel.id, []).append({**message, "for_user": user})
    c.notices.append(Notice("ephemeral", channel=channel.id, user=user, message=public(message)))
    return {"message_ts": ts}


def chat_get_permalink(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    ts = c.args.string("message_ts", missing="message_not_found")
    return {"channel": channel.id, "permalink": c.ws.permalink(channel.id, ts or "")}


# -- conversations -----------------------------------------------------------------------------


def conversations_open(c: Context) -> dict[str, Any]:
    existing = c.args.string("channel")
    users = c.args.ids("users")
    if existing:
        channel = c.ws.visible_channel(existing)
        if channel.kind not in ("im", "mpim"):
            raise SlackError("method_not_supported_for_channel_type")
        already = True
    elif users:
        channel, already = c.ws.open_conversation(users)
    else:
        raise SlackError("users_list_not_supplied")
    shown = channel.to_api(BOT_USER_ID) if c.args.flag("return_im") else {"id": channel.id}
    return {"no_op": already, "already_open": already, "channel": shown}


def conversations_info(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    if channel.id.startswith(("U", "W")):
        raise SlackError("channel_not_found")
    num = c.args.flag("include_num_members")
    return {"channel": channel.to_api(BOT_USER_ID, num_members=num)}


def conversations_join(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    if channel.kind != "channel":
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("is_archived")
    if BOT_USER_ID not in channel.members:
        channel.members.append(BOT_USER_ID)
    return {"channel": channel.to_api(BOT_USER_ID)}


def _ts_window(c: Context) -> Callable[[str], bool]:
    """The `oldest`/`latest`/`inclusive` filter of history and replies."""
    try:
        oldest = float(c.args.string("oldest") or 0)
    except ValueError:
        raise SlackError("invalid_ts_oldest") from None
    try:
        latest = float(c.args.string("latest") or "inf")
    except ValueError:
        raise SlackError("invalid_ts_latest") from None
    inclusive = c.args.flag("inclusive")

    def inside(ts: str) -> bool:
        t = float(ts)
        return oldest <= t <= latest if inclusive else oldest < t < latest

    return inside


def conversations_history(c: Context) -> dict[str, Any]:
    channel = c.ws.member_channel(c.args.string("channel"))
    inside = _ts_window(c)
    limit = c.args.integer("limit", 100, low=1, high=999)
    with_metadata = c.args.flag("include_all_metadata")
    top_level = [
        m
        for m in c.ws.messages[channel.id]
        if (m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast")
        and inside(m["ts"])
    ]
    newest_first = list(reversed(top_level))
    page, cursor = paginate(newest_first, limit, c.args.string("cursor"))
    return {
        "messages": [public(m, with_metadata=with_metadata) for m in page],
        "has_more": bool(cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": cursor},
    }


def conversations_replies(c: Context) -> dict[str, Any]:
    channel = c.ws.member_channel(c.args.string("channel"))
    ts = c.args.string("ts", missing="thread_not_found")
    try:
        c.ws.find_message(channel.id, ts)
    except SlackError:
        raise SlackError("thread_not_found") from None
    inside = _ts_window(c)
    with_metadata = c.args.flag("include_all_metadata")
    thread = [
        m
        for m in c.ws.messages[channel.id]
        if (m["ts"] == ts or m.get("thread_ts") == ts) and (m["ts"] == ts or inside(m["ts"]))
    ]
    page, cursor = paginate(thread, c.args.integer("limit", 1000, low=1), c.args.string("cursor"))
    return {
        "messages": [public(m, with_metadata=with_metadata) for m in page],
        "has_more": bool(cursor),
        "response_metadata": {"next_cursor": cursor},
    }


def conversations_members(c: Context) -> dict[str, Any]:
    channel = c.ws.visible_channel(c.args.string("channel"))
    limit = c.args.integer("limit", 100, low=1, high=1000)
    page, cursor = paginate(list(channel.members), limit, c.args.string("cursor"))
    return {"members": page, "response_metadata": {"next_cursor": cursor}}


# -- people ------------------------------------------------------------------------------------


def users_info(c: Context) -> dict[str, Any]:
    return {"user": c.ws.user(c.args.string("user")).to_api()}


def users_list(c: Context) -> dict[str, Any]:
    limit = c.args.integer("limit", 200, low=1, high=1000)
    everyone = [u.to_api() for u in c.ws.users.values()]
    page, cursor = paginate(everyone, limit, c.args.string("cursor"))
    return {
        "members": page,
        "cache_ts": int(c.ws.now()),
        "response_metadata": {"next_cursor": cursor},
    }


def users_lookup_by_email(c: Context) -> dict[str, Any]:
    email = (c.args.string("email", missing="users_not_found") or "").lower()
    for user in c.ws.users.values():
        if user.email and user.email.lower() == email:
            return {"user": user.to_api()}
    raise SlackError("users_not_found")


# -- things people do (not API methods: the sandbox and tests call these) ----------------------


def user_message(
    ws: Workspace, *, user: str, channel_id: str, text: str, thread_ts: str | None = None
) -> tuple[Channel, dict[str, Any]]:
    """Store a message a person wrote, as Slack would before sending its event."""
    channel = ws.channels.get(channel_id)
    if channel is None:
        raise SlackError("channel_not_found")
    if user not in channel.members:
        raise SlackError("not_in_channel")
    fields: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "user": user,
        "team": TEAM_ID,
        "text": text,
        "blocks": [
            {
                "type": "rich_text",
                "block_id": uuid.uuid4().hex[:5],
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                ],
            }
        ],
    }
    if thread_ts:
        fields["thread_ts"] = thread_ts
        fields["parent_user_id"] = ws.find_message(channel.id, thread_ts).get("user")
    return channel, ws.add_message(channel, fields)


METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.join": conversations_join,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.members": conversations_members,
    "users.info": users_info,
    "users.list": users_list,
    "users.lookupByEmail": users_lookup_by_email,
}
