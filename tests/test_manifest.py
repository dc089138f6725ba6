"""manifest.yaml is a valid Slack app manifest asking for every scope Cohort's code needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

from bot.slack_emulator.scopes import BY_CONVERSATION, FAMILIES, FIXED
from bot.slack_emulator.server import METHODS
from tests.conftest import REPO

MANIFEST = REPO / "manifest.yaml"
TOP_LEVEL = {"_metadata", "display_information", "features", "oauth_config", "settings",
             "outgoing_domains", "functions", "workflows", "datastores", "types"}  # fmt: skip
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.im": "im:history"}
CALL = re.compile(r"\.([a-z]+_[A-Za-z0-9_]+)\(")
SPECIAL_CALLS = {"files_upload_v2": ["files.getUploadURLExternal", "files.completeUploadExternal"]}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_manifest_has_what_slack_requires(manifest: dict[str, Any]) -> None:
    """The manifest has Slack's required keys, within Slack's limits, and nothing unknown."""
    assert set(manifest) <= TOP_LEVEL
    info = manifest["display_information"]
    assert 1 <= len(info["name"]) <= 35
    assert len(info.get("description", "")) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])
    features = manifest["features"]
    assert features["bot_user"]["display_name"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert [c["command"] for c in features["slash_commands"]] == ["/cohort"]
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert {"app_home_opened", "app_mention", "message.im"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )


def test_events_and_commands_have_their_scopes(manifest: dict[str, Any]) -> None:
    """Each subscribed event's scope and the `commands` scope are requested."""
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {EVENT_SCOPES[e] for e in events if e in EVENT_SCOPES} <= scopes
    assert "commands" in scopes


def web_api_calls() -> set[str]:
    """Every Web API method Cohort's code calls through a WebClient method."""
    called: set[str] = set()
    for path in [*Path(REPO, "bot").rglob("*.py"), *Path(REPO, "handlers").rglob("*.py"),
                 *Path(REPO, "schedules").rglob("*.py")]:  # fmt: skip
        if "slack_emulator" in path.parts:
            continue
        for name in CALL.findall(path.read_text(encoding="utf-8")):
            if name in SPECIAL_CALLS:
                called.update(SPECIAL_CALLS[name])
            elif hasattr(WebClient, name) and name.split("_")[0] in {
                "auth", "chat", "conversations", "views", "users", "files", "reactions", "pins"
            }:  # fmt: skip
                called.add(name.replace("_", ".", 1))
    return called


def test_every_called_method_is_emulated_and_its_scope_requested(manifest: dict[str, Any]) -> None:
    """Each Web API method the code calls is emulated (so tests cover it) and its scopes granted."""
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    called = web_api_calls()
    assert "chat.postMessage" in called
    assert called <= set(METHODS), f"not emulated: {sorted(called - set(METHODS))}"
    needed = {FIXED[m] for m in called if m in FIXED}
    for method in called & set(BY_CONVERSATION):
        needed |= {f"{family}:{BY_CONVERSATION[method]}" for family in FAMILIES.values()}
    if "conversations.open" in called:
        needed |= {"im:write", "mpim:write"}
    assert needed <= scopes, f"missing from manifest.yaml: {sorted(needed - scopes)}"
