"""The real Bolt app over real HTTP, signed like Slack, talking to the emulator."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from bot import slack_requests as sr
from bot.clock import ManualClock
from bot.sandbox.live import LiveApp
from bot.slack_emulator import BOT_USER_ID, SlackEmulator

PARTICIPANT, MENTOR, ORGANISER = "U0EXPART01", "U0EXMENT01", "U0EXORG001"
COHORT = "C0EXCOHORT1"
FIRST_MODULE_DAY = "21 January"

RunningApp = Callable[..., LiveApp]


@pytest.fixture
def slack(running_app: RunningApp, programme_db: Engine, clock: ManualClock) -> LiveApp:
    """The app serving the example programme."""
    return running_app(programme_db, clock)


def bot_posts(emulator: SlackEmulator) -> list[dict]:
    return emulator.calls_to("chat.postMessage")


# -- the endpoint ----------------------------------------------------------------------------


def test_url_verification_echoes_the_challenge(slack: LiveApp) -> None:
    """Saving the Request URL in Slack works: the challenge comes back."""
    reply = slack.send_event(sr.url_verification("abc123"))
    assert reply.status == 200
    assert reply.json() == {"challenge": "abc123"}


def test_bad_signature_is_401(slack: LiveApp) -> None:
    """A request signed with the wrong secret is refused and nothing is answered."""
    event = sr.message_event(user=PARTICIPANT, channel="D1", text="hi", ts="1.000001")
    reply = slack.send_event(sr.event_callback(event), signing_secret="not-the-secret")
    assert reply.status == 401
    slack.settle()
    assert bot_posts(slack.emulator) == []


def test_stale_signature_is_401(slack: LiveApp) -> None:
    """A correctly signed request from ten minutes ago (a replay) is refused."""
    event = sr.message_event(user=PARTICIPANT, channel="D1", text="hi", ts="1.000001")
    reply = slack.send_event(sr.event_callback(event), timestamp=time.time() - 600)
    assert reply.status == 401


def test_healthz(slack: LiveApp) -> None:
    """GET /healthz answers 200 while the database answers."""
    with urllib.request.urlopen(slack.url + "/healthz") as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True}


# -- questions -------------------------------------------------------------------------------


def test_dm_answered_in_its_thread(slack: LiveApp) -> None:
    """A DM question gets the module's date in a reply threaded on the question."""
    asked = slack.dm(PARTICIPANT, "When is the first module?")
    reply = slack.reply_to(asked)
    assert reply["thread_ts"] == asked["ts"]
    assert FIRST_MODULE_DAY in reply["text"]


def test_mention_answered_in_its_thread(slack: LiveApp) -> None:
    """An @mention in the cohort channel is answered in that message's thread."""
    asked = slack.mention(PARTICIPANT, COHORT, "when is module 1?")
    reply = slack.reply_to(asked)
    assert reply["thread_ts"] == asked["ts"]
    assert FIRST_MODULE_DAY in reply["text"]
    top_level = [m["ts"] for m in slack.emulator.messages(COHORT) if m["thread_ts"] == m["ts"]]
    assert top_level == [asked["ts"]]


def test_retried_event_answered_once(slack: LiveApp) -> None:
    """Slack's retry of an event (X-Slack-Retry-Num) is acknowledged, not answered again."""
    channel = slack.emulator.im_channel(PARTICIPANT)
    asked = slack.emulator.post_as_user(PARTICIPANT, channel, "when is the first module?")
    payload = sr.event_callback(
        sr.message_event(user=PARTICIPANT, channel=channel, text=asked["text"], ts=asked["ts"])
    )
    assert slack.send_event(payload).status == 200
    slack.settle()  # Slack retries seconds later
    retry = slack.send_event(payload, retry_num=1, retry_reason="http_timeout")
    assert retry.status == 200
    slack.settle()
    assert len(bot_posts(slack.emulator)) == 1


def test_retried_home_event_handled_once(slack: LiveApp) -> None:
    """The retry of any event (here app_home_opened) is dropped by its event id."""
    channel = slack.emulator.im_channel(PARTICIPANT)
    payload = sr.event_callback(sr.app_home_opened_event(user=PARTICIPANT, channel=channel))
    assert slack.send_event(payload).status == 200
    slack.settle()
    assert slack.send_event(payload, retry_num=2, retry_reason="http_error").status == 200
    slack.settle()
    assert len(slack.emulator.calls_to("views.publish")) == 1


def test_retry_of_a_lost_delivery_is_handled(slack: LiveApp) -> None:
    """A retry whose first delivery never reached us (connection_failed) is answered."""
    channel = slack.emulator.im_channel(PARTICIPANT)
    asked = slack.emulator.post_as_user(PARTICIPANT, channel, "when is the first module?")
    event = sr.message_event(user=PARTICIPANT, channel=channel, text=asked["text"], ts=asked["ts"])
    reply = slack.send_event(
        sr.event_callback(event), retry_num=1, retry_reason="connection_failed"
    )
    assert reply.status == 200
    assert FIRST_MODULE_DAY in slack.reply_to(asked)["text"]


def test_retry_to_another_process_answered_once(
    running_app: RunningApp, programme_db: Engine, clock: ManualClock
) -> None:
    """Two bot processes on one database: the event and its retry, one to each, one answer."""
    first, second = running_app(programme_db, clock), running_app(programme_db, clock)
    channel = first.emulator.im_channel(PARTICIPANT)
    asked = first.emulator.post_as_user(PARTICIPANT, channel, "when is the first module?")
    payload = sr.event_callback(
        sr.message_event(user=PARTICIPANT, channel=channel, text=asked["text"], ts=asked["ts"])
    )
    assert first.send_event(payload).status == 200
    first.settle()
    assert second.send_event(payload, retry_num=1).status == 200
    second.settle()
    assert len(bot_posts(first.emulator)) == 1


def test_mention_in_a_dm_answered_once(slack: LiveApp) -> None:
    """An @mention in a DM arrives as message and app_mention: one answer."""
    asked = slack.dm(PARTICIPANT, f"<@{BOT_USER_ID}> when is the first module?")
    slack.settle()
    assert len(slack.bot_replies(asked)) == 1
    assert len(bot_posts(slack.emulator)) == 1


def test_own_and_other_bots_messages_ignored(slack: LiveApp) -> None:
    """Messages from Cohort itself or another app never get an answer."""
    channel = slack.emulator.im_channel(PARTICIPANT)
    own = sr.own_message_event(channel=channel, text="When is the first module?", ts="5.000001")
    other = sr.bot_message_event(
        channel=channel, text="When is the first module?", ts="5.000002", channel_type="im"
    )
    for event in (own, other):
        assert slack.send_event(sr.event_callback(event)).status == 200
    slack.settle()
    assert bot_posts(slack.emulator) == []


def test_ack_does_not_wait_for_slow_work(slack: LiveApp) -> None:
    """Slack gets its 200 while the answer is still on its way (the post is held back)."""
    fault = slack.emulator.inject("chat.postMessage", delay=30)
    asked = slack.dm(PARTICIPANT, "when is the first module?")  # raises unless acked with 200
    slack.emulator.wait_for(lambda _: fault.hits == 1, what="the held-back post")
    assert slack.bot_replies(asked) == []
    slack.emulator.release_delayed()
    assert FIRST_MODULE_DAY in slack.reply_to(asked)["text"]


# -- /cohort ----------------------------------------------------------------------------------


def test_cohort_help_lists_subcommands(slack: LiveApp) -> None:
    """`/cohort help` and an unknown subcommand both answer with the list of subcommands."""
    helped = slack.command(PARTICIPANT, "help").message()
    assert helped is not None
    assert "/cohort ask" in helped["text"]
    unknown = slack.command(PARTICIPANT, "dance").message()
    assert unknown is not None
    assert unknown["text"].startswith("I don't know `/cohort dance`")


def test_cohort_ask_answers_privately(slack: LiveApp) -> None:
    """`/cohort ask …` answers the asker alone, through the command's response URL."""
    assert slack.command(PARTICIPANT, "ask when is the first module?", channel=COHORT).status == 200
    answers = slack.emulator.wait_for(lambda e: e.ephemerals(COHORT, PARTICIPANT), what="answer")
    assert FIRST_MODULE_DAY in answers[0]["text"]
    assert slack.emulator.messages(COHORT) == []


# -- App Home ---------------------------------------------------------------------------------


def home_text(view: dict) -> str:
    return "\n".join(
        b.get("text", {}).get("text", "")
        for b in view["blocks"]
        if b["type"] in ("section", "header")
    )


def test_home_for_a_participant(slack: LiveApp) -> None:
    """A participant's Home shows the next module with date, venue and what to prepare."""
    text = home_text(slack.open_home(PARTICIPANT))
    assert "Next: Module 1, Leading as Yourself" in text
    assert "Thursday 21 January" in text
    assert "The Exchange, 3 Centenary Square" in text
    assert "*Prepare:*" in text
    assert "Your mentor" in text
    assert "not been matched" in text


def test_home_for_a_mentor_and_an_organiser(slack: LiveApp) -> None:
    """A mentor sees their mentees; an organiser the programme at a glance."""
    assert "Your mentees" in home_text(slack.open_home(MENTOR))
    organiser = home_text(slack.open_home(ORGANISER))
    assert "Programme at a glance" in organiser
    assert "12 participants, 5 mentors, 2 organisers" in organiser


def test_home_for_someone_in_no_programme(slack: LiveApp) -> None:
    """Someone in no programme gets a friendly explanation rather than an empty tab."""
    slack.emulator.add_user("U0STRANGER", "stranger", "A Stranger")
    assert "not on a programme here yet" in home_text(slack.open_home("U0STRANGER"))


def test_home_follows_the_clock(slack: LiveApp, clock: ManualClock) -> None:
    """When module 1 is over, the Home tab moves on to module 2."""
    clock.set(clock.now().replace(year=2027, month=2, day=1))
    assert "Next: Module 2, Power, Politics and Influence" in home_text(
        slack.open_home(PARTICIPANT)
    )
