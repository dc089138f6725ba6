"""The app factory: the slack-bolt `App`, its scheduler, and the ways to serve it.

`create_app` builds the Bolt app (sync, one WebClient pointed at `SLACK_API_URL`),
registers every listener from `handlers/` and the one error handler. `create_scheduler`
builds the APScheduler with every job from `schedules/`. `HttpServer` serves the app with
waitress (a production WSGI server): `POST /slack/events` for events, interactivity and
slash commands, `GET /healthz` for load balancers. Socket Mode uses Bolt's handler.

Listeners run on Bolt's thread pool after the acknowledgement (`process_before_response`
is off), so slow work never delays the 3-second ack.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from datetime import UTC
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from waitress import wasyncore
from waitress.server import create_server

import handlers
import schedules
from bot.clock import Clock
from bot.context import AppContext
from bot.errors import CohortError
from bot.settings import Settings

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}


def web_client(settings: Settings) -> WebClient:
    """A WebClient for the bot token at `SLACK_API_URL`, retrying dropped connections and 429s."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(
    settings: Settings,
    *,
    engine: Engine,
    clock: Clock,
    listener_executor: Executor | None = None,
) -> tuple[App, AppContext]:
    """The Bolt app with every listener registered, and the context they share.

    Bolt checks the token with `auth.test` here, so Slack (or the emulator) must answer.
    `listener_executor` runs listeners after the ack (Bolt's own thread pool by default).
    """
    ctx = AppContext(settings=settings, engine=engine, clock=clock)
    app = App(
        client=web_client(settings),  # carries the bot token
        signing_secret=settings.slack_signing_secret or "",
        process_before_response=False,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("cohort.bolt"),
        listener_executor=listener_executor,
    )
    handlers.register_listeners(app, ctx)
    app.error(handle_listener_error)
    return app, ctx


def handle_listener_error(error: Exception, body: dict[str, Any], logger: logging.Logger) -> None:
    """The one place listener errors go: logged with what Slack sent, never swallowed silently."""
    logger.exception("listener failed on %s", _describe(body), exc_info=error)


def _describe(body: dict[str, Any]) -> str:
    """A short, personal-data-free description of a request for the error log."""
    if body.get("type") == "event_callback":
        return f"event {body.get('event', {}).get('type')} ({body.get('event_id')})"
    if body.get("command"):
        return f"command {body['command']}"
    return str(body.get("type") or "request")


def create_scheduler(ctx: AppContext) -> BackgroundScheduler:
    """A (not yet started) scheduler holding every job from `schedules/`."""
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
    scheduler.add_listener(_log_job_error, EVENT_JOB_ERROR)
    schedules.register_jobs(scheduler, ctx)
    return scheduler


def _log_job_error(event: JobExecutionEvent) -> None:
    """The one scheduler error listener: a failed job is logged with its traceback."""
    logger.error(
        "scheduled job %s failed",
        event.job_id,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )


# -- HTTP ------------------------------------------------------------------------------------

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App, engine: Engine) -> WsgiApp:
    """Bolt's WSGI adapter at `/slack/events`, plus `/healthz` (200 when the database answers)."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            healthy = _database_answers(engine)
            body = json.dumps({"ok": healthy}).encode()
            status = "200 OK" if healthy else "503 Service Unavailable"
            start_response(
                status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return application


def _database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except SQLAlchemyError:
        logger.exception("health check: the database does not answer")
        return False
    return True


class HttpServer:
    """The app on waitress, in a background thread: `start()`, `.url`, `stop()`.

    Port 0 picks a free port (tests, the sandbox). `stop()` closes the listening socket,
    lets requests in flight finish and returns when the serving thread has ended.
    """

    def __init__(
        self, application: WsgiApp, *, host: str = "127.0.0.1", port: int = 0, threads: int = 8
    ) -> None:
        self._server = create_server(
            application, host=host, port=port, threads=threads, asyncore_loop_timeout=0.1,
            clear_untrusted_proxy_headers=True, ident="cohort",
        )  # fmt: skip
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        """`http://HOST:PORT` (no trailing slash)."""
        return f"http://{self._server.effective_host}:{self.port}"

    @property
    def events_url(self) -> str:
        return self.url + EVENTS_PATH

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self._server.run, name="cohort-http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve on the calling thread until `stop()` is called from another one."""
        self._server.run()

    def stop(self) -> None:
        """Close every socket from the serving thread itself, then wait for it to end."""
        server = self._server
        if self._thread is not None and self._thread.is_alive():
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
            self._thread.join(timeout=10)
        else:
            wasyncore.close_all(server._map)
        server.task_dispatcher.shutdown()


# -- running ---------------------------------------------------------------------------------


def choose_mode(settings: Settings, *, socket: bool, http: bool, sandbox: bool) -> str:
    """ "sandbox", "socket" or "http" for `cohort run`, or a CohortError saying what is missing."""
    if socket and http:
        raise CohortError("--socket and --http: choose one")
    if sandbox or settings.sandbox:
        if socket or http:
            raise CohortError(
                "SLACK_BOT_TOKEN is not set: --socket and --http need a bot token "
                "(without one, `cohort run` starts the local sandbox)"
            )
        return "sandbox"
    if http or (not socket and not settings.slack_app_token and settings.slack_signing_secret):
        if not settings.slack_signing_secret:
            raise CohortError("SLACK_SIGNING_SECRET is not set: HTTP mode needs it")
        return "http"
    if not settings.slack_app_token:
        raise CohortError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs it "
            "(or set SLACK_SIGNING_SECRET and use --http)"
        )
    return "socket"


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT (Ctrl-C) set `stop`, so the process shuts down cleanly."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())


def serve_http(
    settings: Settings, *, engine: Engine, clock: Clock, port: int, stop: threading.Event
) -> None:
    """Serve the app on 0.0.0.0:`port` with its scheduler until `stop` is set."""
    app, ctx = create_app(settings, engine=engine, clock=clock)
    scheduler = create_scheduler(ctx)
    server = HttpServer(wsgi_app(app, engine), host="0.0.0.0", port=port).start()
    scheduler.start()
    logger.info(
        "Cohort is listening on port %s (POST %s, GET %s)", server.port, EVENTS_PATH, HEALTH_PATH
    )
    try:
        stop.wait()
    finally:
        logger.info("stopping: finishing requests in flight and scheduled jobs")
        server.stop()
        scheduler.shutdown(wait=True)


def serve_socket_mode(
    settings: Settings, *, engine: Engine, clock: Clock, stop: threading.Event
) -> None:
    """Connect to Slack over Socket Mode and run the scheduler until `stop` is set."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app, ctx = create_app(settings, engine=engine, clock=clock)
    scheduler = create_scheduler(ctx)
    handler = SocketModeHandler(app, settings.slack_app_token)
    handler.connect()
    scheduler.start()
    logger.info("Cohort is connected to Slack over Socket Mode")
    try:
        stop.wait()
    finally:
        logger.info("stopping: closing the Socket Mode connection and the scheduler")
        handler.close()
        scheduler.shutdown(wait=True)
