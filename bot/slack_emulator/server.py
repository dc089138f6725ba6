"""`SlackEmulator`: the Web API over real HTTP on a loopback port, in a background thread.

Point slack_sdk at it with `WebClient(token=BOT_TOKEN, base_url=emulator.api_url)` or
`SLACK_API_URL=emulator.api_url`. It serves `/api/<method>`, the file upload URLs it
hands out (`/upload/<file id>`) and response URLs (`/respond/<key>`).
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from bot.slack_emulator import messaging, surfaces
from bot.slack_emulator.args import Args
from bot.slack_emulator.errors import SlackError
from bot.slack_emulator.faults import ChannelRateLimiter, Fault, FaultPlan
from bot.slack_emulator.scopes import all_scopes, needed_scope
from bot.slack_emulator.socket_mode import SocketModeServer
from bot.slack_emulator.transport import handler_for
from bot.slack_emulator.workspace import APP_TOKEN, BOT_TOKEN, BOT_USER_ID, Notice, Workspace

logger = logging.getLogger(__name__)


class EmulatorHTTPServer(ThreadingHTTPServer):
    """The stdlib threading server with a deeper listen backlog than its default of 5.

    With eight or more clients connecting at once (the dispatcher's workers, a benchmark)
    the accept loop falls behind and the kernel resets connections beyond the backlog.
    """

    request_queue_size = 128
    daemon_threads = True


METHODS: dict[str, messaging.Method] = {**messaging.METHODS, **surfaces.METHODS}
STRUCTURED_ARGS = ("blocks", "attachments", "metadata", "view", "files")


@dataclass(frozen=True)
class Call:
    """One request the emulator answered: what was asked, and what it said."""

    method: str
    args: dict[str, Any]
    token: str | None
    status: int
    response: dict[str, Any]
    at: float

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))


class SlackEmulator:
    """A small Slack workspace with a Web API: seed it, point a client at it, inspect it.

    Thread-safe: the HTTP server answers from its own threads while tests seed, inspect
    and inject faults. `now` gives message timestamps (epoch seconds); `monotonic`
    measures trigger expiry; both are injectable.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        now: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        scopes: set[str] | None = None,
    ) -> None:
        self.ws = Workspace(now=now, monotonic=monotonic)
        self.scopes = set(all_scopes() if scopes is None else scopes)
        self.tokens: dict[str, str] = {BOT_TOKEN: BOT_USER_ID}
        self._host, self._port = host, port
        self._lock = threading.RLock()
        self._calls: list[Call] = []
        self._faults = FaultPlan()
        self._limiter: ChannelRateLimiter | None = None
        self._limited_methods: tuple[str, ...] = ()
        self._observers: list[Callable[[Notice], None]] = []
        self._changed = threading.Condition(self._lock)
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.socket_mode = SocketModeServer(host)  # opened by apps.connections.open

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Listen on the loopback port (a free one for port 0) and serve in the background."""
        if self._server is not None:
            return self
        self._server = EmulatorHTTPServer((self._host, self._port), handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # so stop() returns promptly
            name="slack-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; delayed (fault-injected) answers are released at once."""
        self._faults.release()
        self.socket_mode.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running: call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/`: the root of everything the emulator serves."""
        return f"http://{self._host}:{self.port}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for `WebClient(base_url=…)` and SLACK_API_URL."""
        return self.base_url + "api/"

    @property
    def bot_token(self) -> str:
        return BOT_TOKEN

    @property
    def bot_user_id(self) -> str:
        return BOT_USER_ID

    @property
    def app_token(self) -> str:
        """The app-level token (SLACK_APP_TOKEN) that opens a Socket Mode connection."""
        return APP_TOKEN

    # -- seeding ---------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        *,
        is_bot: bool = False,
        tz: str = "Europe/London",
        email: str | None = None,
        deleted: bool = False,
    ) -> None:
        """Add (or replace) a member of the workspace."""
        with self._lock:
            self.ws.add_user(
                user_id, name, real_name=real_name, is_bot=is_bot, tz=tz, email=email,
                deleted=deleted,
            )  # fmt: skip

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str] | tuple[str, ...] = (),
        *,
        is_private: bool = False,
        bot_member: bool = True,
        is_archived: bool = False,
    ) -> None:
        """Add a channel; the bot belongs to it unless `bot_member=False`."""
        with self._lock:
            channel = self.ws.add_channel(
                channel_id, name, list(members), is_private=is_private, bot_member=bot_member
            )
            channel.is_archived = is_archived

    def add_member(self, channel_id: str, user_id: str) -> None:
        with self._lock:
            members = self.ws.channels[channel_id].members
            if user_id not in members:
                members.append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        with self._lock:
            members = self.ws.channels[channel_id].members
            if user_id in members:
                members.remove(user_id)

    # -- people acting (what Slack records before it sends the app an event) ----------------

    def im_channel(self, user_id: str) -> str:
        """The id of the bot's IM with this person, opening it if needed."""
        with self._lock:
            return self.ws.open_conversation([user_id])[0].id

    def post_as_user(
        self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Store a message a person wrote; returns it with `channel` and `channel_type` added."""
        with self._lock:
            channel, message = messaging.user_message(
                self.ws, user=user_id, channel_id=channel_id, text=text, thread_ts=thread_ts
            )
            shown = {**copy.deepcopy(message), "channel": channel.id, "channel_type": channel.kind}
        self._notify([Notice("message", channel=channel.id, message=copy.deepcopy(message))])
        return shown

    def issue_trigger(self, user_id: str) -> str:
        """A trigger_id for an interaction by this person (valid once, for 3 seconds)."""
        with self._lock:
            return self.ws.issue_trigger(user_id)

    def response_url(self, *, channel: str | None, user: str, message_ts: str | None = None) -> str:
        """A response_url for a command or interaction by `user` in `channel`."""
        with self._lock:
            return surfaces.new_response_url(
                self.ws, self.base_url, channel=channel, user=user, message_ts=message_ts
            )

    def close_modals(self, user_id: str) -> None:
        """Close this person's modals (what Slack does when a submission is acknowledged)."""
        with self._lock:
            self.ws.modal_stacks.pop(user_id, None)

    def answer_submission(
        self, user_id: str, view_id: str, response: dict[str, Any] | None
    ) -> None:
        """Apply an app's answer to a view_submission, as Slack does.

        No `response_action` closes the modals; "update" replaces the submitted view,
        "push" stacks a new one, "clear" closes all, "errors" leaves the modal open.
        """
        answer: dict[str, Any] = response or {}
        action = answer.get("response_action")
        notices: list[Notice] = []
        with self._lock:
            if action in (None, "clear"):
                self.ws.modal_stacks.pop(user_id, None)
            elif action == "update":
                stored = self.ws.store_view(answer["view"], user_id, view_id=view_id)
                notices.append(Notice("view_updated", user=user_id, view=copy.deepcopy(stored)))
            elif action == "push":
                stored = self.ws.store_view(answer["view"], user_id)
                self.ws.modal_stacks.setdefault(user_id, []).append(stored["id"])
                notices.append(Notice("view_pushed", user=user_id, view=copy.deepcopy(stored)))
        self._notify(notices)

    # -- inspection ------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every request answered so far, oldest first."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The parsed arguments of every call to `method` (JSON-string fields decoded)."""
        return [c.args for c in self.calls if c.method == method]

    def wait_for(
        self, condition: Callable[[SlackEmulator], Any], *, timeout: float = 5.0, what: str = ""
    ) -> Any:
        """Block until `condition(emulator)` is truthy (checked after each call); return it.

        The app acknowledges Slack first and works after, so a test waits for the bot's
        calls to arrive rather than sleeping. Raises AssertionError after `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = condition(self)
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"timed out after {timeout}s waiting for {what or condition}"
                    )
                self._changed.wait(left)

    def wait_for_calls(self, method: str, count: int = 1, *, timeout: float = 5.0) -> list[dict]:
        """Wait until `method` has been called `count` times; the arguments of those calls."""
        found = self.wait_for(
            lambda e: len(e.calls_to(method)) >= count and e.calls_to(method),
            timeout=timeout,
            what=f"{count} call(s) to {method}",
        )
        return list(found)

    def clear_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def messages(self, channel_id: str) -> list[dict[str, Any]]:
        """Every message in a conversation, oldest first, thread replies included."""
        with self._lock:
            return copy.deepcopy(self.ws.messages.get(channel_id, []))

    def thread(self, channel_id: str, ts: str) -> list[dict[str, Any]]:
        """A thread's parent and replies, oldest first."""
        return [m for m in self.messages(channel_id) if ts in (m["ts"], m.get("thread_ts"))]

    def ephemerals(self, channel_id: str | None = None, user_id: str | None = None) -> list[dict]:
        """Ephemeral messages (postEphemeral and response URLs), each with `for_user`."""
        with self._lock:
            found = [
                {**copy.deepcopy(m), "channel": ch}
                for ch, ms in self.ws.ephemerals.items()
                for m in ms
                if channel_id in (None, ch)
            ]
        return [m for m in found if user_id in (None, m["for_user"])]

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home view last published for this person."""
        with self._lock:
            view_id = self.ws.home_views.get(user_id)
            return copy.deepcopy(self.ws.views[view_id]) if view_id else None

    def open_modals(self, user_id: str) -> list[dict[str, Any]]:
        """This person's open modal stack, bottom first."""
        with self._lock:
            return [copy.deepcopy(self.ws.views[v]) for v in self.ws.modal_stacks.get(user_id, [])]

    def view(self, view_id: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self.ws.views[view_id])

    def files(self) -> list[dict[str, Any]]:
        """Completed uploads, as the API describes them, plus their `content` bytes."""
        with self._lock:
            return [
                {**f.to_api(), "content": f.content} for f in self.ws.files.values() if f.completed
            ]

    # -- faults ----------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        delay: float | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Make the next `times` calls to `method` ("*" = any) fail or stall.

        `error="ratelimited"` answers 429 with Retry-After (1 s unless given), as Slack
        does; `status=500` answers `internal_error`; any other error is Slack's HTTP 200
        `ok: false`. `delay` holds the answer back that many seconds (then answers
        normally unless an error is given too): longer than the client's timeout, it is
        a timeout, and the call still takes effect, as on the real Slack.
        """
        if error == "ratelimited" or status == 429:
            status, error = 429, error or "ratelimited"
            retry_after = 1 if retry_after is None else retry_after
        elif status is not None and status >= 500:
            error = error or "internal_error"
        elif error is not None:
            status = 200
        fault = Fault(method, error, status or 200, retry_after, delay, times)
        return self._faults.add(fault)

    def release_delayed(self) -> None:
        """Answer every call held back by a `delay` fault now."""
        self._faults.release()

    def clear_faults(self) -> None:
        """Remove injected faults (releasing delayed calls) and the rate limiter."""
        self._faults.clear()
        self._limiter = None

    def enforce_rate_limit(
        self,
        per_channel_per_second: float = 1.0,
        *,
        burst: int = 1,
        time_source: Callable[[], float] = time.monotonic,
        methods: tuple[str, ...] = ("chat.postMessage",),
    ) -> ChannelRateLimiter:
        """Answer 429 + Retry-After when a channel gets messages faster than Slack allows."""
        self._limiter = ChannelRateLimiter(
            per_channel_per_second, burst=burst, time_source=time_source
        )
        self._limited_methods = methods
        return self._limiter

    # -- observers -------------------------------------------------------------------------

    def on_message(self, callback: Callable[[Notice], None]) -> None:
        """Call `callback(notice)` for each message, edit, ephemeral, view opened or published.

        Called on the emulator's request thread after the answer is decided; keep it quick.
        """
        with self._lock:
            self._observers.append(callback)

    def _notify(self, notices: list[Notice]) -> None:
        with self._lock:
            observers = list(self._observers)
            self._changed.notify_all()  # wake wait_for: something may have changed
        for notice in notices:
            for observer in observers:
                try:
                    observer(notice)
                except Exception:
                    logger.exception("emulator observer failed on %s", notice.kind)

    # -- serving (called from the HTTP handler) ---------------------------------------------

    def handle_api(
        self, method: str, values: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one Web API call: (status, body, extra headers)."""
        args = {k: v for k, v in values.items() if k != "token"}
        token = token or values.get("token")
        status, body, headers, notices = self._answer(method, Args(args), token)
        headers = {**headers, "X-OAuth-Scopes": ",".join(sorted(self.scopes))}
        with self._lock:
            self._calls.append(
                Call(method, _decoded(args), token, status, copy.deepcopy(body), time.time())
            )
            self._changed.notify_all()
        self._notify(notices)
        return status, body, headers

    def _answer(
        self, method: str, args: Args, token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str], list[Notice]]:
        fault = self._faults.take(method)
        if fault is not None:
            self._notify([])  # a waiter may be watching `fault.hits`
        if fault is not None and fault.delay:
            fault.released.wait(fault.delay)
        if fault is not None and fault.error:
            retry_after = fault.retry_after
            headers = {"Retry-After": str(int(retry_after))} if retry_after is not None else {}
            return fault.status, {"ok": False, "error": fault.error}, headers, []
        if not token:
            return 200, SlackError("not_authed").body(), {}, []
        if method == "apps.connections.open":
            return self._open_connection(token)
        if token not in self.tokens:
            return 200, SlackError("invalid_auth").body(), {}, []
        if method not in METHODS:
            return 200, SlackError("unknown_method").body(), {}, []
        with self._lock:
            needed = needed_scope(self.ws, method, args)
        if needed is not None and needed not in self.scopes:
            provided = ",".join(sorted(self.scopes))
            body = SlackError("missing_scope", needed=needed, provided=provided).body()
            return 200, body, {}, []
        if self._limiter is not None and method in self._limited_methods:
            wait = self._limiter.retry_after(str(args.string("channel")))
            if wait is not None:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}, []
        context = messaging.Context(self.ws, args, self.base_url)
        with self._lock:
            try:
                body = {"ok": True, **METHODS[method](context)}
                status = 200
            except SlackError as e:
                body, status = e.body(), e.status
                context.notices.clear()
        return status, body, {}, context.notices

    def _open_connection(
        self, token: str
    ) -> tuple[int, dict[str, Any], dict[str, str], list[Notice]]:
        """`apps.connections.open`: only the app-level token may open Socket Mode."""
        if token in self.tokens:
            return 200, SlackError("not_allowed_token_type").body(), {}, []
        if token != APP_TOKEN:
            return 200, SlackError("invalid_auth").body(), {}, []
        return 200, {"ok": True, "url": self.socket_mode.start().url}, {}, []

    def handle_upload(self, file_id: str, content: bytes) -> bool:
        with self._lock:
            return surfaces.store_upload(self.ws, file_id, content)

    def handle_response_url(self, key: str, body: dict[str, Any]) -> str | None:
        notices: list[Notice] = []
        with self._lock:
            try:
                error = surfaces.respond(self.ws, key, body, notices)
            except SlackError as e:
                error = e.error
        self._notify(notices)
        return error


def _decoded(args: dict[str, Any]) -> dict[str, Any]:
    """Arguments as a test wants to read them: JSON-string fields parsed."""
    out = dict(args)
    for key in STRUCTURED_ARGS:
        if isinstance(out.get(key), str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(out[key])
    return out
