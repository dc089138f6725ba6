"""The doctor's Slack checks: the token works, the scopes are there, the bot is in channels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import select

from bot.db import session_scope
from bot.doctor import Check
from bot.models import Programme
from bot.settings import Settings

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yaml"


def required_scopes() -> set[str]:
    """The bot scopes the manifest asks for: what an installed app should have."""
    if not MANIFEST.is_file():
        return set()
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))


def slack_checks(settings: Settings, engine: Engine) -> Iterator[Check]:
    """Ask Slack who we are, what we may do, and where we are."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    try:
        auth = client.auth_test()
    except SlackApiError as exc:
        yield Check("bot token", False, f"auth.test failed: {exc.response.get('error')}")
        return
    yield Check("bot token", True, f"bot {auth.get('user')} in workspace {auth.get('team')}")
    granted = set(filter(None, (auth.headers.get("x-oauth-scopes") or "").split(",")))
    missing = required_scopes() - granted
    if granted and missing:
        yield Check("scopes", False, f"missing {', '.join(sorted(missing))}: reinstall the app")
    elif granted:
        yield Check("scopes", True, f"{len(granted)} granted")
    with session_scope(engine) as session:
        programmes = session.exec(select(Programme).order_by(Programme.slug)).all()
    for programme in programmes:
        for channel in filter(None, (programme.channel, programme.organisers_channel)):
            yield _membership_check(client, programme.slug, channel)


def _membership_check(client: WebClient, slug: str, channel: str) -> Check:
    name = f"{slug} channel {channel}"
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as exc:
        return Check(name, False, f"conversations.info: {exc.response.get('error')}")
    if not info["channel"].get("is_member", False):
        return Check(name, False, "the bot is not a member: /invite @Cohort in that channel")
    return Check(name, True, "the bot is a member")
