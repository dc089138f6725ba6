"""The real app, served over real HTTP and wired to the emulator, driven like Slack drives it.

`LiveApp` is what tests (`running_app` fixture) and the sandbox share: Cohort's Bolt app
from the app factory on waitress on a loopback port, its WebClient pointed at a
`SlackEmulator`, and helpers that act as people — each action is stored in the emulator
as Slack would store it and sent to the app as a signed HTTP request.
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from bot import slack_requests as sr
from bot.app import HttpServer, create_app, create_scheduler, wsgi_app
from bot.clock import Clock
from bot.settings import Settings
from bot.slack_emulator import BOT_USER_ID, SlackEmulator
from bot.slack_requests import Reply, SlackSender

# The `message.*` events manifest.yaml subscribes to, by the events' channel_type.
SUBSCRIBED_MESSAGE_CHANNEL_TYPES = ("im", "channel", "group")


@dataclass(frozen=True)
class Button:
    """A clickable element found in blocks: its label and the element itself."""

    label: str
    element: dict[str, Any]
    block_id: str

    @property
    def action(self) -> dict[str, Any]:
        return {**self.element, "block_id": self.block_id}


def find_buttons(blocks: list[dict[str, Any]] | None) -> list[Button]:
    """Every button in these blocks (actions blocks and section accessories), in order."""
    found = []
    for block in blocks or []:
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        if block.get("type") == "section" and block.get("accessory"):
            elements = [block["accessory"]]
        for element in elements:
            if element.get("type") == "button":
                label = element.get("text", {}).get("text", "button")
                found.append(Button(label, element, block.get("block_id", "")))
    return found


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting work in flight so callers can wait for it to finish.

    Bolt submits a request's listeners before it answers the HTTP request, so after a
    reply `settle()` waits for exactly the work that request started: a test can then
    check that nothing was posted without sleeping.
    """

    def __init__(self, max_workers: int = 8) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="cohort-listener")
        self._in_flight = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._in_flight += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until every submitted listener has finished; AssertionError after `timeout`."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout):
                raise AssertionError(f"listeners still running after {timeout}s")


class LiveApp:
    """Cohort's app on a loopback port, its Slack being `emulator`.

    `start()` builds the app with the app factory (which checks the token with the
    emulator), serves it with waitress and, with `scheduler=True`, starts the scheduler.
    `settings` supply everything but the Slack ones (e.g. COHORT_TICK in the sandbox).
    """

    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        emulator: SlackEmulator,
        signing_secret: str | None = None,
        scheduler: bool = False,
        settings: Settings | None = None,
    ) -> None:
        self.engine, self.clock, self.emulator = engine, clock, emulator
        self.signing_secret = signing_secret or secrets.token_hex(16)
        self._want_scheduler = scheduler
        self._base_settings = settings or Settings()
        self.scheduler: BackgroundScheduler | None = None
        self.server: HttpServer | None = None

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> LiveApp:
        settings = dataclasses.replace(
            self._base_settings,
            slack_bot_token=self.emulator.bot_token,
            slack_app_token=None,
            slack_signing_secret=self.signing_secret,
            slack_api_url=self.emulator.api_url,
            database_url=self.engine.url.render_as_string(hide_password=False),
        )
        self.executor = TrackingExecutor()
        self.app, self.ctx = create_app(
            settings, engine=self.engine, clock=self.clock, listener_executor=self.executor
        )
        self.server = HttpServer(wsgi_app(self.app, self.engine)).start()
        self.sender = SlackSender(self.server.events_url, self.signing_secret)
        if self._want_scheduler:
            self.scheduler = create_scheduler(self.ctx)
            self.scheduler.start()
        return self

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        if self.server is not None:
            self.server.stop()
            self.server = None
            self.executor.shutdown(wait=True)

    def __enter__(self) -> LiveApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until the app has finished the work the requests so far started."""
        self.executor.settle(timeout)

    @property
    def url(self) -> str:
        """The app's base URL, e.g. `http://127.0.0.1:PORT`."""
        assert self.server is not None, "the app is not running"
        return self.server.url

    # -- raw signed requests ---------------------------------------------------------------

    def send_event(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        """POST an Events API payload (see `slack_requests.SlackSender.send_event`)."""
        return self.sender.send_event(payload, **kwargs)

    def send_command(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        return self.sender.send_command(fields, **kwargs)

    def send_action(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        return self.sender.send_action(payload, **kwargs)

    def _deliver(self, event: dict[str, Any]) -> Reply:
        reply = self.send_event(sr.event_callback(event))
        if reply.status != 200:
            raise RuntimeError(f"the app answered {reply.status} to {event['type']}: {reply.body}")
        return reply

    # -- people acting ---------------------------------------------------------------------

    def dm(self, user: str, text: str, *, thread_ts: str | None = None) -> dict[str, Any]:
        """`user` writes to the bot in their DM; returns the stored message (with `ts`)."""
        channel = self.emulator.im_channel(user)
        return self.post(user, channel, text, thread_ts=thread_ts)

    def mention(
        self, user: str, channel: str, text: str, *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """`user` writes `@cohort text` in `channel`."""
        if f"<@{BOT_USER_ID}>" not in text:
            text = f"<@{BOT_USER_ID}> {text}"
        return self.post(user, channel, text, thread_ts=thread_ts)

    def post(
        self, user: str, channel: str, text: str, *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """`user` writes `text` in `channel`; the app gets the events Slack would send.

        A `message` event where the manifest subscribes to them (DMs, public and private
        channels: `message.im`, `message.channels`, `message.groups`); a mention of the bot
        adds an `app_mention` event (so a mention sends both, as Slack does).
        """
        message = self.emulator.post_as_user(user, channel, text, thread_ts=thread_ts)
        kind = message["channel_type"]
        fields = {"user": user, "channel": channel, "text": text, "ts": message["ts"],
                  "thread_ts": thread_ts}  # fmt: skip
        if kind in SUBSCRIBED_MESSAGE_CHANNEL_TYPES:
            self._deliver(sr.message_event(**fields, channel_type=kind))
        if f"<@{BOT_USER_ID}>" in text:
            self._deliver(sr.app_mention_event(**fields))
        return message

    def bot_replies(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """The bot's messages in the thread of `message` so far."""
        ts = message.get("thread_ts") or message["ts"]
        return [
            m
            for m in self.emulator.thread(message["channel"], ts)
            if m.get("user") == BOT_USER_ID and float(m["ts"]) > float(message["ts"])
        ]

    def reply_to(self, message: dict[str, Any], *, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the bot's reply in the thread of `message`; the first one."""
        replies: list[dict[str, Any]] = self.emulator.wait_for(
            lambda _: self.bot_replies(message), timeout=timeout, what="the bot's reply"
        )
        return replies[0]

    def open_home(self, user: str, *, timeout: float = 5.0) -> dict[str, Any]:
        """`user` opens the app's Home tab; returns the view the app publishes."""
        before = (self.emulator.home_view(user) or {}).get("hash")
        self._deliver(sr.app_home_opened_event(user=user, channel=self.emulator.im_channel(user)))
        published: dict[str, Any] = self.emulator.wait_for(
            lambda e: (view := e.home_view(user)) and view["hash"] != before and view,
            timeout=timeout,
            what=f"the Home tab of {user}",
        )
        return published

    def command(self, user: str, text: str, *, channel: str | None = None) -> Reply:
        """`user` types `/cohort text` in `channel` (their DM with the bot by default)."""
        channel = channel or self.emulator.im_channel(user)
        fields = sr.slash_command(
            user=user, text=text, channel=channel,
            trigger_id=self.emulator.issue_trigger(user),
            response_url=self.emulator.response_url(channel=channel, user=user),
        )  # fmt: skip
        return self.send_command(fields)

    def click(
        self,
        user: str,
        button: Button,
        *,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
    ) -> Reply:
        """`user` clicks `button` in `message` (which has a `channel`) or in `view`."""
        channel = message.get("channel") if message else None
        payload = sr.block_actions(
            user=user, action=button.action, trigger_id=self.emulator.issue_trigger(user),
            response_url=self.emulator.response_url(
                channel=channel, user=user, message_ts=message["ts"] if message else None
            ),
            channel=channel, message=message, view=view,
        )  # fmt: skip
        return self.send_action(payload)

    def submit(self, user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> Reply:
        """`user` submits the modal `view` with these `state.values`; Slack's follow-up applied."""
        payload = sr.view_submission(
            user=user, view=view, values=values, trigger_id=self.emulator.issue_trigger(user)
        )
        reply = self.send_action(payload)
        if reply.status == 200:
            self.emulator.answer_submission(user, view["id"], reply.json())
        return reply
