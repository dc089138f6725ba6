"""Emulated Web API methods for views (modals, App Home), file uploads and response URLs.

Triggers are strict as in Slack: a `trigger_id` must have been issued by the emulator
(`SlackEmulator.issue_trigger`, which the signed-request helpers call), is good once,
and expires after three seconds.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.slack_emulator.args import Args
from bot.slack_emulator.errors import SlackError, invalid_arguments
from bot.slack_emulator.messaging import (
    Context,
    Method,
    chat_delete,
    chat_post_message,
    chat_update,
    public,
    writable,
)
from bot.slack_emulator.validation import check_view
from bot.slack_emulator.workspace import Notice, StoredFile, Workspace

TRIGGER_LIFETIME = 3.0
MAX_MODAL_STACK = 3
RESPONSE_URL_USES = 5


def _use_trigger(c: Context) -> str:
    """The user a trigger was issued for; Slack's trigger errors otherwise."""
    trigger = c.args.required("trigger_id")
    if trigger not in c.ws.triggers:
        raise SlackError("invalid_trigger_id")
    user, issued, used = c.ws.triggers[trigger]
    if used:
        raise SlackError("exchanged_trigger_id")
    if c.ws.monotonic() - issued > TRIGGER_LIFETIME:
        raise SlackError("expired_trigger_id")
    c.ws.triggers[trigger] = (user, issued, True)
    return user


def _view_arg(c: Context, kind: str) -> dict[str, Any]:
    view = c.args.structured("view")
    if view is None:
        raise invalid_arguments("missing required field: view")
    check_view(view, kind=kind)
    return view


def views_open(c: Context) -> dict[str, Any]:
    view = _view_arg(c, "modal")
    user = _use_trigger(c)
    stored = c.ws.store_view(view, user)
    c.ws.modal_stacks[user] = [stored["id"]]
    c.notices.append(Notice("view_opened", user=user, view=copy.deepcopy(stored)))
    return {"view": copy.deepcopy(stored)}


def views_push(c: Context) -> dict[str, Any]:
    view = _view_arg(c, "modal")
    user = _use_trigger(c)
    stack = c.ws.modal_stacks.get(user) or []
    if not stack:
        raise SlackError("not_found")
    if len(stack) >= MAX_MODAL_STACK:
        raise SlackError("push_limit_reached")
    stored = c.ws.store_view(view, user)
    stored["root_view_id"] = stack[0]
    stored["previous_view_id"] = stack[-1]
    stack.append(stored["id"])
    c.notices.append(Notice("view_pushed", user=user, view=copy.deepcopy(stored)))
    return {"view": copy.deepcopy(stored)}


def views_update(c: Context) -> dict[str, Any]:
    current = c.ws.find_view(c.args.string("view_id"), c.args.string("external_id"))
    view = _view_arg(c, current.get("type", "modal"))
    expected = c.args.string("hash")
    if expected and expected != current["hash"]:
        raise SlackError("hash_conflict")
    owner = c.ws.view_owner[current["id"]]
    stored = c.ws.store_view(view, owner, view_id=current["id"])
    stored["root_view_id"] = current["root_view_id"]
    stored["previous_view_id"] = current["previous_view_id"]
    c.notices.append(Notice("view_updated", user=owner, view=copy.deepcopy(stored)))
    return {"view": copy.deepcopy(stored)}


def views_publish(c: Context) -> dict[str, Any]:
    user = c.ws.user(c.args.string("user_id", missing="user_not_found")).id
    view = _view_arg(c, "home")
    existing = c.ws.home_views.get(user)
    expected = c.args.string("hash")
    if expected and existing and expected != c.ws.views[existing]["hash"]:
        raise SlackError("hash_conflict")
    stored = c.ws.store_view(view, user, view_id=existing)
    c.ws.home_views[user] = stored["id"]
    c.notices.append(Notice("home_published", user=user, view=copy.deepcopy(stored)))
    return {"view": copy.deepcopy(stored)}


def files_get_upload_url_external(c: Context) -> dict[str, Any]:
    filename = c.args.required("filename")
    length = c.args.integer("length", -1)
    if length < 0:
        raise invalid_arguments("missing required field: length")
    file_id = c.ws.new_id("F")
    c.ws.files[file_id] = StoredFile(id=file_id, filename=filename, length=length)
    return {"upload_url": f"{c.base_url}upload/{file_id}", "file_id": file_id}


def files_complete_upload_external(c: Context) -> dict[str, Any]:
    items = c.args.structured("files")
    if not isinstance(items, list) or not items:
        raise invalid_arguments("missing required field: files")
    files: list[StoredFile] = []
    for item in items:
        stored = c.ws.files.get(str(item.get("id")) if isinstance(item, dict) else "")
        if stored is None or stored.content is None:
            raise SlackError("file_not_found")
        if len(stored.content) != stored.length:
            raise SlackError("file_upload_size_mismatch")
        stored.title = item.get("title") or stored.filename
        files.append(stored)
    targets = c.args.ids("channels") or [x for x in [c.args.string("channel_id")] if x]
    thread_ts = c.args.string("thread_ts")
    if thread_ts and not targets:
        raise invalid_arguments("thread_ts needs channel_id")
    channels = [writable(c.ws.visible_channel(t)) for t in targets]
    for stored in files:
        stored.completed = True
    for channel in channels:
        for stored in files:
            stored.channels.append(channel.id)
        fields: dict[str, Any] = {
            "text": c.args.string("initial_comment") or "",
            "files": [f.to_api() for f in files],
            "upload": True,
            "thread_ts": thread_ts,
        }
        message = c.ws.add_message(channel, c.ws.bot_message(fields))
        c.notices.append(Notice("message", channel=channel.id, message=public(message)))
    return {"files": [f.to_api() for f in files]}


def store_upload(ws: Workspace, file_id: str, content: bytes) -> bool:
    """The upload POST itself (step 2 of the v2 flow); False for an unknown file id."""
    stored = ws.files.get(file_id)
    if stored is None or stored.completed:
        return False
    stored.content = content
    return True


def new_response_url(
    ws: Workspace, base_url: str, *, channel: str | None, user: str, message_ts: str | None = None
) -> str:
    """A response_url for a slash command or interaction, pointing back at the emulator."""
    key = ws.new_id("R")
    ws.response_urls[key] = {
        "channel": channel, "user": user, "message_ts": message_ts, "uses": 0,
    }  # fmt: skip
    return f"{base_url}respond/{key}"


def respond(ws: Workspace, key: str, body: dict[str, Any], notices: list[Notice]) -> str | None:
    """Handle a POST to a response_url; None when it worked, else Slack's error text."""
    target = ws.response_urls.get(key)
    if target is None:
        return "no_service"
    if target["uses"] >= RESPONSE_URL_USES:
        return "used_up"
    target["uses"] += 1
    channel_id, user = target["channel"], target["user"]
    fields: dict[str, Any] = {k: body[k] for k in ("text", "blocks", "attachments") if k in body}
    original = target["message_ts"]
    if body.get("delete_original") and original:
        c = Context(ws, _args(channel=channel_id, ts=original), "", notices)
        chat_delete(c)
    elif body.get("replace_original") and original:
        if not _replace_ephemeral(ws, channel_id, user, original, fields, notices):
            c = Context(ws, _args(channel=channel_id, ts=original, **fields), "", notices)
            chat_update(c)
    elif body.get("response_type") == "in_channel" and channel_id:
        thread = {"thread_ts": body["thread_ts"]} if body.get("thread_ts") else {}
        c = Context(ws, _args(channel=channel_id, **fields, **thread), "", notices)
        chat_post_message(c)
    else:
        message = ws.bot_message({**fields, "ts": ws.next_ts()})
        ws.ephemerals.setdefault(channel_id or "", []).append({**message, "for_user": user})
        notices.append(Notice("ephemeral", channel=channel_id, user=user, message=message))
    return None


def _replace_ephemeral(
    ws: Workspace,
    channel_id: str | None,
    user: str,
    ts: str,
    fields: dict[str, Any],
    notices: list[Notice],
) -> bool:
    """Replace the ephemeral message `ts` shown to `user`, as Slack does for a response_url
    from a click in it; False when `ts` is no ephemeral message of theirs."""
    for message in ws.ephemerals.get(channel_id or "", []):
        if message["ts"] == ts and message["for_user"] == user:
            message.update(fields)
            shown = {k: v for k, v in message.items() if k != "for_user"}
            notices.append(Notice("ephemeral", channel=channel_id, user=user, message=shown))
            return True
    return False


def _args(**values: Any) -> Args:
    return Args({k: v for k, v in values.items() if v is not None})


METHODS: dict[str, Method] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
