"""The HTTP side of the emulator: parse Slack-style requests, route them, write answers.

Web API calls may come form-encoded, as JSON or as multipart, with the token in the
`Authorization` header or a `token` field, to any HTTP verb, as Slack accepts them.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import logging
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from bot.slack_emulator.errors import SlackError

if TYPE_CHECKING:
    from bot.slack_emulator.server import SlackEmulator

logger = logging.getLogger(__name__)


def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    """Form, JSON or multipart body → arguments; SlackError for what Slack rejects."""
    kind = content_type.split(";")[0].strip().lower()
    if not raw:
        return {}
    if kind == "application/json":
        try:
            data = json.loads(raw)
        except ValueError:
            raise SlackError("invalid_json") from None
        if not isinstance(data, dict):
            raise SlackError("json_not_object")
        return data
    if kind == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        values: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            values[str(name)] = text
        return values
    return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))


def handler_for(emulator: SlackEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "SlackEmulator/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("emulator: " + format, *args)

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def _dispatch(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            head, _, rest = url.path.strip("/").partition("/")
            if head == "api" and rest:
                self._api(rest, url.query, raw)
            elif head == "upload" and rest:
                ok = emulator.handle_upload(rest, raw)
                self._send(200 if ok else 404, f"OK - {len(raw)}" if ok else "not_found", {})
            elif head == "respond" and rest:
                self._respond(rest, raw)
            else:
                self._send(404, "not_found", {})

        def _api(self, method: str, query: str, raw: bytes) -> None:
            auth = self.headers.get("Authorization") or ""
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
            try:
                values: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
                values.update(parse_body(self.headers.get("Content-Type") or "", raw))
            except SlackError as e:
                self._send(200, e.body(), {})
                return
            status, body, headers = emulator.handle_api(method, values, token)
            self._send(status, body, headers)

        def _respond(self, key: str, raw: bytes) -> None:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(400, "invalid_payload", {})
                return
            error = emulator.handle_response_url(key, body if isinstance(body, dict) else {})
            self._send(404 if error else 200, error or {"ok": True}, {})

        def _send(self, status: int, body: dict[str, Any] | str, headers: dict[str, str]) -> None:
            is_json = isinstance(body, dict)
            data = (json.dumps(body) if is_json else str(body)).encode()
            try:
                self.send_response(status)
                kind = "application/json; charset=utf-8" if is_json else "text/plain"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                logger.debug("emulator: the client went away before the answer")

    return Handler
