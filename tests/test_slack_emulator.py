"""The Slack emulator, driven by the real slack_sdk WebClient over real HTTP."""

from __future__ import annotations

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack_emulator import BOT_USER_ID, SlackEmulator
from tests.slack_fixtures import (
    AMARA,
    BEN,
    CHLOE,
    COHORT_CHANNEL,
    OTHER_CHANNEL,
    PRIVATE_CHANNEL,
)


def client_for(emulator: SlackEmulator, **kwargs: object) -> WebClient:
    return WebClient(token=emulator.bot_token, base_url=emulator.api_url, **kwargs)  # type: ignore[arg-type]


def error_of(call: object) -> str:
    """Run a Web API call expected to fail; Slack's error name."""
    with pytest.raises(SlackApiError) as info:
        call()  # type: ignore[operator]
    return str(info.value.response["error"])


@pytest.fixture
def client(emulator: SlackEmulator) -> WebClient:
    return client_for(emulator)


# -- auth ------------------------------------------------------------------------------------


def test_missing_token_is_not_authed(emulator: SlackEmulator) -> None:
    """A call without a token gets not_authed; an unknown one invalid_auth."""
    assert error_of(WebClient(base_url=emulator.api_url).auth_test) == "not_authed"
    bad = WebClient(token="xoxb-nope", base_url=emulator.api_url)
    assert error_of(bad.auth_test) == "invalid_auth"


def test_auth_test_names_the_bot_and_accepts_a_token_param(emulator: SlackEmulator) -> None:
    """auth.test identifies the bot whether the token is a header or a form field."""
    assert client_for(emulator).auth_test()["user_id"] == BOT_USER_ID
    body = f"token={emulator.bot_token}".encode()
    with urllib.request.urlopen(emulator.api_url + "auth.test", data=body) as response:
        assert json.loads(response.read())["bot_id"] == "BCOHORT"


def test_many_clients_connecting_at_once_are_all_served(emulator: SlackEmulator) -> None:
    """32 clients opening connections at the same moment all get answers (backlog > 5)."""
    start = threading.Barrier(32)

    def call(_: int) -> bool:
        client = client_for(emulator)
        start.wait(timeout=5)
        return bool(client.auth_test()["ok"])

    with ThreadPoolExecutor(max_workers=32) as pool:
        assert list(pool.map(call, range(32))) == [True] * 32
    assert len(emulator.calls_to("auth.test")) == 32


def test_unknown_method_is_reported(client: WebClient) -> None:
    """A method the emulator does not implement answers unknown_method, not a crash."""
    assert error_of(lambda: client.api_call("reminders.add")) == "unknown_method"


# -- posting -----------------------------------------------------------------------------------


def test_post_message_argument_errors(client: WebClient) -> None:
    """chat.postMessage checks channel, membership and content as Slack does."""
    assert (
        error_of(lambda: client.chat_postMessage(channel="C404", text="x")) == "channel_not_found"
    )
    empty = {"channel": COHORT_CHANNEL}
    assert error_of(lambda: client.api_call("chat.postMessage", json=empty)) == "no_text"
    assert (
        error_of(lambda: client.chat_postMessage(channel=OTHER_CHANNEL, text="x"))
        == "not_in_channel"
    )
    long_text = "x" * 40_001
    assert (
        error_of(lambda: client.chat_postMessage(channel=COHORT_CHANNEL, text=long_text))
        == "msg_too_long"
    )


def test_private_channel_hidden_from_a_non_member_bot(
    emulator: SlackEmulator, client: WebClient
) -> None:
    """A private channel the bot is not in does not exist as far as the bot can tell."""
    emulator.add_channel("G0SECRET01", "secret", members=[AMARA], is_private=True, bot_member=False)
    assert error_of(lambda: client.conversations_info(channel="G0SECRET01")) == "channel_not_found"
    assert client.conversations_info(channel=PRIVATE_CHANNEL)["channel"]["is_member"] is True


def test_invalid_blocks_are_rejected_with_reasons(client: WebClient) -> None:
    """A button label over 75 characters is invalid_blocks, naming where."""
    blocks = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "a",
                    "text": {"type": "plain_text", "text": "x" * 76},
                }
            ],
        }
    ]
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=COHORT_CHANNEL, text="t", blocks=blocks)
    assert info.value.response["error"] == "invalid_blocks"
    assert (
        "/blocks/0/elements/0/text/text" in info.value.response["response_metadata"]["messages"][0]
    )


def test_post_to_a_user_id_lands_in_their_im(emulator: SlackEmulator, client: WebClient) -> None:
    """Posting to a user id opens (or reuses) the bot's IM with them, like Slack."""
    sent = client.chat_postMessage(channel=AMARA, text="Hello Amara")
    opened = client.conversations_open(users=AMARA)
    assert sent["channel"] == opened["channel"]["id"] == emulator.im_channel(AMARA)
    assert opened["already_open"] is True
    assert sent["channel"].startswith("D")
    assert emulator.messages(sent["channel"])[0]["text"] == "Hello Amara"


def test_conversations_open_mpim_is_idempotent(client: WebClient) -> None:
    """Several users give one G… group DM, the same one every time, whatever the order."""
    first = client.conversations_open(users=[AMARA, BEN])["channel"]["id"]
    again = client.conversations_open(users=f"{BEN},{AMARA}", return_im=True)["channel"]
    assert first.startswith("G")
    assert again["id"] == first
    assert again["is_mpim"] is True
    assert error_of(lambda: client.conversations_open(users="U404")) == "user_not_found"
    assert error_of(lambda: client.api_call("conversations.open")) == "users_list_not_supplied"


def test_update_and_permalink(client: WebClient, emulator: SlackEmulator) -> None:
    """chat.update edits the bot's own message only; getPermalink links to it."""
    ts = client.chat_postMessage(channel=COHORT_CHANNEL, text="draft")["ts"]
    client.chat_update(channel=COHORT_CHANNEL, ts=ts, text="final")
    assert emulator.messages(COHORT_CHANNEL)[0]["text"] == "final"
    theirs = emulator.post_as_user(AMARA, COHORT_CHANNEL, "mine")
    assert (
        error_of(lambda: client.chat_update(channel=COHORT_CHANNEL, ts=theirs["ts"], text="x"))
        == "cant_update_message"
    )
    assert (
        error_of(lambda: client.chat_update(channel=COHORT_CHANNEL, ts="1.2", text="x"))
        == "message_not_found"
    )
    link = client.chat_getPermalink(channel=COHORT_CHANNEL, message_ts=ts)["permalink"]
    assert link.endswith(f"/archives/{COHORT_CHANNEL}/p{ts.replace('.', '')}")


def test_post_ephemeral_needs_a_member(client: WebClient, emulator: SlackEmulator) -> None:
    """Ephemeral messages go to channel members only and are kept apart from history."""
    client.chat_postEphemeral(channel=COHORT_CHANNEL, user=BEN, text="psst")
    assert emulator.ephemerals(COHORT_CHANNEL, BEN)[0]["text"] == "psst"
    assert emulator.messages(COHORT_CHANNEL) == []
    error = error_of(lambda: client.chat_postEphemeral(channel=PRIVATE_CHANNEL, user=BEN, text="x"))
    assert error == "user_not_in_channel"


# -- reading -----------------------------------------------------------------------------------


def test_history_with_metadata_oldest_and_limit(client: WebClient) -> None:
    """History is newest first; metadata only with include_all_metadata; oldest and limit work."""
    meta = {"event_type": "cohort_reminder", "event_payload": {"key": "m1-7d"}}
    first = client.chat_postMessage(channel=COHORT_CHANNEL, text="one", metadata=meta)["ts"]
    client.chat_postMessage(channel=COHORT_CHANNEL, text="reply", thread_ts=first)
    second = client.chat_postMessage(channel=COHORT_CHANNEL, text="two")["ts"]

    plain = client.conversations_history(channel=COHORT_CHANNEL)["messages"]
    assert [m["text"] for m in plain] == ["two", "one"]
    assert "metadata" not in plain[1]
    with_meta = client.conversations_history(channel=COHORT_CHANNEL, include_all_metadata=True)
    assert with_meta["messages"][1]["metadata"] == meta
    assert with_meta["messages"][1]["reply_count"] == 1

    newer = client.conversations_history(channel=COHORT_CHANNEL, oldest=first)["messages"]
    assert [m["ts"] for m in newer] == [second]
    page = client.conversations_history(channel=COHORT_CHANNEL, limit=1)
    assert page["has_more"] is True
    rest = client.conversations_history(
        channel=COHORT_CHANNEL, limit=1, cursor=page["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in rest["messages"]] == ["one"]
    assert error_of(lambda: client.conversations_history(channel=OTHER_CHANNEL)) == "not_in_channel"


def test_replies_members_and_users(client: WebClient, emulator: SlackEmulator) -> None:
    """Threads, channel members and people can be read back."""
    parent = client.chat_postMessage(channel=COHORT_CHANNEL, text="parent")["ts"]
    emulator.post_as_user(AMARA, COHORT_CHANNEL, "answer", thread_ts=parent)
    replies = client.conversations_replies(channel=COHORT_CHANNEL, ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["parent", "answer"]
    assert (
        error_of(lambda: client.conversations_replies(channel=COHORT_CHANNEL, ts="9.9"))
        == "thread_not_found"
    )
    members = client.conversations_members(channel=COHORT_CHANNEL)["members"]
    assert set(members) == {AMARA, BEN, CHLOE, BOT_USER_ID}
    assert client.users_info(user=AMARA)["user"]["real_name"] == "Amara Okafor"
    assert error_of(lambda: client.users_info(user="U404")) == "user_not_found"
    assert client.users_lookupByEmail(email="CHLOE@example.org")["user"]["id"] == CHLOE
    listed = client.users_list(limit=2)
    assert len(listed["members"]) == 2
    assert listed["response_metadata"]["next_cursor"]


# -- views ------------------------------------------------------------------------------------


MODAL = {
    "type": "modal",
    "callback_id": "reflect",
    "title": {"type": "plain_text", "text": "Reflect"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "insight",
            "label": {"type": "plain_text", "text": "Insight"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        }
    ],
}


def test_views_open_needs_a_fresh_trigger(client: WebClient, emulator: SlackEmulator) -> None:
    """views.open accepts an issued trigger once; unknown or reused triggers fail."""
    trigger = emulator.issue_trigger(AMARA)
    view = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    assert emulator.open_modals(AMARA)[0]["id"] == view["id"]
    assert (
        error_of(lambda: client.views_open(trigger_id=trigger, view=MODAL))
        == "exchanged_trigger_id"
    )
    assert (
        error_of(lambda: client.views_open(trigger_id="1.2.3", view=MODAL)) == "invalid_trigger_id"
    )
    untitled = {k: v for k, v in MODAL.items() if k != "title"}
    error = error_of(
        lambda: client.views_open(trigger_id=emulator.issue_trigger(AMARA), view=untitled)
    )
    assert error == "invalid_arguments"


def test_trigger_expires_after_three_seconds() -> None:
    """A trigger older than three seconds (on the emulator's injectable clock) is expired."""
    ticks = [100.0]
    with SlackEmulator(monotonic=lambda: ticks[0]) as emulator:
        emulator.add_user(AMARA, "amara")
        trigger = emulator.issue_trigger(AMARA)
        ticks[0] += 3.5
        assert (
            error_of(lambda: client_for(emulator).views_open(trigger_id=trigger, view=MODAL))
            == "expired_trigger_id"
        )


def test_views_update_and_publish(client: WebClient, emulator: SlackEmulator) -> None:
    """views.update honours hash; views.publish stores each person's Home tab."""
    view = client.views_open(trigger_id=emulator.issue_trigger(AMARA), view=MODAL)["view"]
    changed = {**MODAL, "title": {"type": "plain_text", "text": "Thanks"}}
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=changed)["view"]
    assert updated["id"] == view["id"]
    assert updated["hash"] != view["hash"]
    stale = lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=changed)  # noqa: E731
    assert error_of(stale) == "hash_conflict"
    assert error_of(lambda: client.views_update(view_id="V404", view=changed)) == "not_found"

    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Hi*"}}],
    }
    client.views_publish(user_id=BEN, view=home)
    assert emulator.home_view(BEN)["blocks"] == home["blocks"]
    assert emulator.home_view(AMARA) is None
    assert error_of(lambda: client.views_publish(user_id=BEN, view=MODAL)) == "invalid_arguments"


# -- files ------------------------------------------------------------------------------------


def test_files_upload_v2_shares_into_a_thread(client: WebClient, emulator: SlackEmulator) -> None:
    """files_upload_v2 runs the three-step flow; the file lands in the thread with its comment."""
    parent = client.chat_postMessage(channel=COHORT_CHANNEL, text="Module 1 reminder")["ts"]
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    result = client.files_upload_v2(
        channel=COHORT_CHANNEL,
        content=ics,
        filename="module-1.ics",
        title="Module 1",
        initial_comment="Add to calendar",
        thread_ts=parent,
    )
    assert result["file"]["name"] == "module-1.ics"
    methods = [c.method for c in emulator.calls]
    assert methods == [
        "chat.postMessage",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    stored = emulator.files()[0]
    assert stored["content"] == ics.encode()
    assert stored["title"] == "Module 1"
    reply = emulator.thread(COHORT_CHANNEL, parent)[-1]
    assert reply["text"] == "Add to calendar"
    assert reply["files"][0]["id"] == stored["id"]
    assert (
        error_of(
            lambda: client.files_upload_v2(channel=OTHER_CHANNEL, content="x", filename="a.txt")
        )
        == "not_in_channel"
    )


# -- faults -----------------------------------------------------------------------------------


def test_rate_limited_then_retried(
    emulator: SlackEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 429 with Retry-After is retried by slack_sdk's handler after waiting that long."""
    waits: list[float] = []
    # The handler sleeps Retry-After seconds; record the wait instead of spending it.
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=waits.append))
    emulator.inject("chat.postMessage", error="ratelimited", retry_after=2)
    client = client_for(emulator, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    client.chat_postMessage(channel=COHORT_CHANNEL, text="hello")
    statuses = [c.status for c in emulator.calls if c.method == "chat.postMessage"]
    assert statuses == [429, 200]
    assert len(waits) == 1
    assert 2 <= waits[0] < 3
    assert [m["text"] for m in emulator.messages(COHORT_CHANNEL)] == ["hello"]


def test_rate_limit_without_retry_handler_raises(emulator: SlackEmulator) -> None:
    """Without a retry handler, the 429 reaches the caller with its Retry-After header."""
    emulator.inject("chat.postMessage", error="ratelimited")
    with pytest.raises(SlackApiError) as info:
        client_for(emulator).chat_postMessage(channel=COHORT_CHANNEL, text="x")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"


def test_server_error_and_plain_error(emulator: SlackEmulator, client: WebClient) -> None:
    """An injected 500 and an injected API error each fail once, then calls succeed."""
    emulator.inject("chat.postMessage", status=500)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=COHORT_CHANNEL, text="x")
    assert info.value.response.status_code == 500
    assert info.value.response["error"] == "internal_error"
    emulator.inject("*", error="account_inactive")
    assert error_of(client.auth_test) == "account_inactive"
    client.chat_postMessage(channel=COHORT_CHANNEL, text="y")
    assert [m["text"] for m in emulator.messages(COHORT_CHANNEL)] == ["y"]


def test_timeout_still_takes_effect(emulator: SlackEmulator) -> None:
    """A delay past the client's timeout times out, yet the message is posted, as on Slack."""
    fault = emulator.inject("chat.postMessage", delay=30)
    slow = client_for(emulator, timeout=0.2)
    with pytest.raises(TimeoutError):
        slow.chat_postMessage(channel=COHORT_CHANNEL, text="late")
    assert fault.hits == 1
    emulator.release_delayed()
    emulator.wait_for(lambda e: e.messages(COHORT_CHANNEL), what="the delayed message")
    assert emulator.messages(COHORT_CHANNEL)[0]["text"] == "late"


def test_per_channel_rate_limiter(emulator: SlackEmulator, client: WebClient) -> None:
    """Two messages within a second to one channel: the second gets 429; other channels are fine."""
    now = [1000.0]
    emulator.enforce_rate_limit(per_channel_per_second=1.0, time_source=lambda: now[0])
    client.chat_postMessage(channel=COHORT_CHANNEL, text="1")
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=COHORT_CHANNEL, text="2")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"
    client.chat_postMessage(channel=PRIVATE_CHANNEL, text="elsewhere")
    now[0] += 1.0
    client.chat_postMessage(channel=COHORT_CHANNEL, text="3")
    assert [m["text"] for m in emulator.messages(COHORT_CHANNEL)] == ["1", "3"]


# -- observers and response URLs -------------------------------------------------------------


def test_observer_sees_messages_and_views(emulator: SlackEmulator, client: WebClient) -> None:
    """on_message callbacks receive each posted message and published view."""
    seen: list[tuple[str, str | None]] = []
    emulator.on_message(lambda n: seen.append((n.kind, n.channel or n.user)))
    client.chat_postMessage(channel=COHORT_CHANNEL, text="hi")
    client.views_publish(user_id=AMARA, view={"type": "home", "blocks": []})
    assert seen == [("message", COHORT_CHANNEL), ("home_published", AMARA)]


def test_response_url_posts_ephemeral_or_in_channel(emulator: SlackEmulator) -> None:
    """A response_url answers privately by default, in the channel when asked."""
    url = emulator.response_url(channel=COHORT_CHANNEL, user=AMARA)
    for body in ({"text": "only you"}, {"text": "everyone", "response_type": "in_channel"}):
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
    assert [m["text"] for m in emulator.ephemerals(COHORT_CHANNEL, AMARA)] == ["only you"]
    assert [m["text"] for m in emulator.messages(COHORT_CHANNEL)] == ["everyone"]


def test_calls_are_recorded_with_parsed_args(emulator: SlackEmulator, client: WebClient) -> None:
    """calls_to returns each call's arguments with JSON fields decoded, failures included."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    client.chat_postMessage(channel=COHORT_CHANNEL, text="hi", blocks=blocks)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C404", text="x")
    calls = emulator.calls_to("chat.postMessage")
    assert calls[0]["blocks"] == blocks
    assert calls[1]["channel"] == "C404"
    assert [c.ok for c in emulator.calls if c.method == "chat.postMessage"] == [True, False]
