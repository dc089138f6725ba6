"""The signed-request helper signs as Slack does and builds payloads from real captures."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

from bot import slack_requests as sr
from bot.slack_emulator import APP_ID, BOT_USER_ID, TEAM_ID

SECRET = "test-signing-secret"


def test_signature_verifies_with_slack_sdk() -> None:
    """slack_sdk's own verifier accepts our signature at its time and rejects it later."""
    body = json.dumps(sr.url_verification()).encode()
    signed = sr.signature(SECRET, "1700000000", body)
    verifier = SignatureVerifier(SECRET, clock=type("C", (), {"now": lambda self: 1700000010.0})())
    headers = {"x-slack-request-timestamp": "1700000000", "x-slack-signature": signed}
    assert verifier.is_valid_request(body, headers)
    stale = SignatureVerifier(SECRET, clock=type("C", (), {"now": lambda self: 1700000400.0})())
    assert not stale.is_valid_request(body, headers)


def test_event_callback_keeps_the_real_wrapper() -> None:
    """An event is wrapped like Slack's capture, with this workspace's ids and a fresh event id."""
    event = sr.app_mention_event(
        user="U1", channel="C1", text=f"<@{BOT_USER_ID}> hi", ts="1.000001"
    )
    payload = sr.event_callback(event)
    template = sr.load_payload("event_app_mention_with_authorizations")
    assert set(template) - {"enterprise_id"} <= set(payload)
    assert payload["type"] == "event_callback"
    assert payload["team_id"] == TEAM_ID
    assert payload["api_app_id"] == APP_ID
    assert payload["event_id"].startswith("Ev")
    assert payload["authorizations"][0]["user_id"] == BOT_USER_ID
    assert payload["event"]["type"] == "app_mention"
    assert payload["event"]["event_ts"] == "1.000001"
    assert sr.event_callback(event)["event_id"] != payload["event_id"]


def test_message_event_in_a_thread() -> None:
    """A DM event carries channel_type im and the thread it replies to."""
    event = sr.message_event(user="U1", channel="D1", text="when?", ts="2.0", thread_ts="1.0")
    assert (event["type"], event["channel_type"], event["thread_ts"]) == ("message", "im", "1.0")
    assert event["blocks"][0]["elements"][0]["elements"][0]["text"] == "when?"


def test_slash_command_fields_are_form_ready() -> None:
    """A slash command has Slack's fields, all strings, pointing at the given response URL."""
    fields = sr.slash_command(
        user="U1", text="ask when", channel="C1", trigger_id="t", response_url="http://x/respond/1"
    )
    assert fields["command"] == "/cohort"
    assert fields["team_id"] == TEAM_ID
    assert all(isinstance(v, str) for v in fields.values())
    assert parse_qs(sr.urlencode(fields))["text"] == ["ask when"]


def test_block_actions_from_a_message() -> None:
    """A click in a message names the container message and the clicked element."""
    button = {
        "type": "button",
        "action_id": "feedback_up",
        "value": "q1",
        "text": {"type": "plain_text", "text": "👍"},
    }
    payload = sr.block_actions(
        user="U1",
        action=button,
        trigger_id="t",
        channel="C1",
        message={"ts": "3.0", "text": "answer"},
        response_url="http://x/respond/2",
    )
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message",
        "message_ts": "3.0",
        "channel_id": "C1",
        "is_ephemeral": False,
    }
    assert payload["actions"][0]["action_id"] == "feedback_up"
    assert payload["actions"][0]["value"] == "q1"
