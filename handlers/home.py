"""App Home: each person's own view, published when they open the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.context import AppContext
from bot.db import session_scope
from bot.home import build_home


def register(app: App, ctx: AppContext) -> None:
    """Publish the Home tab whenever someone opens it."""

    @app.event("app_home_opened")
    def publish_home_tab(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, ctx, event["user"])


def publish_home(client: WebClient, ctx: AppContext, slack_id: str) -> None:
    """Build and publish this person's Home; features call it after changing what it shows."""
    with session_scope(ctx.engine) as session:
        home = build_home(session, slack_id=slack_id, now=ctx.clock.now())
    client.views_publish(user_id=slack_id, view=home_view(home))
