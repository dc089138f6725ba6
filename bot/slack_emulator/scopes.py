"""Which OAuth scope each emulated method needs, so a missing scope fails as on Slack.

Conversation methods need the scope of the conversation's type (`channels:history` for a
public channel, `im:history` for a DM, …), as Slack documents them.
"""

from __future__ import annotations

from bot.slack_emulator.args import Args
from bot.slack_emulator.workspace import Workspace

FIXED = {
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.join": "channels:join",
    "users.info": "users:read",
    "users.list": "users:read",
    "users.lookupByEmail": "users:read.email",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}
BY_CONVERSATION = {  # method → the scope family, completed by the conversation type
    "conversations.info": "read",
    "conversations.members": "read",
    "conversations.history": "history",
    "conversations.replies": "history",
}
FAMILIES = {"channel": "channels", "group": "groups", "im": "im", "mpim": "mpim"}


def all_scopes() -> set[str]:
    """Every scope some emulated method can need (what the manifest must ask for)."""
    scopes = set(FIXED.values()) | {"im:write", "mpim:write"}
    for suffix in set(BY_CONVERSATION.values()):
        scopes |= {f"{family}:{suffix}" for family in FAMILIES.values()}
    return scopes


def needed_scope(ws: Workspace, method: str, args: Args) -> str | None:
    """The scope this call needs, or None (no scope, or the target is unknown: it fails anyway)."""
    if method in FIXED:
        return FIXED[method]
    if method == "conversations.open":
        return "mpim:write" if len(args.ids("users")) > 1 else "im:write"
    if method in BY_CONVERSATION:
        channel = ws.channels.get(args.string("channel") or "")
        if channel is None:
            return None
        return f"{FAMILIES[channel.kind]}:{BY_CONVERSATION[method]}"
    return None
