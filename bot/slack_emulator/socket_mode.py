"""Socket Mode for the emulator: `apps.connections.open` and the WebSocket it returns.

Slack's Socket Mode is a WebSocket the app opens (with its app-level token) to a URL
from `apps.connections.open`; Slack pushes envelopes down it and the app acknowledges
each by its `envelope_id`. This is just enough of RFC 6455 for slack_sdk's built-in
client on loopback (no TLS: the client connects in plain text to any port but 443):
the upgrade handshake, text frames both ways, ping/pong and close.

    url = server.start().url          # what apps.connections.open hands out
    envelope_id = server.push("events_api", event_callback_payload)
    server.wait_for_ack(envelope_id)
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import uuid
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3
_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA


class SocketModeServer:
    """Loopback WebSocket endpoint that pushes envelopes and records acknowledgements."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._listener: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._send_lock = threading.Lock()

    def start(self) -> SocketModeServer:
        if self._listener is None:
            self._listener = socket.create_server((self._host, 0))
            threading.Thread(target=self._accept, name="socket-mode", daemon=True).start()
        return self

    def stop(self) -> None:
        with self._changed:
            clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    @property
    def url(self) -> str:
        """The `wss://…` Slack would hand out, here plain `ws://` on loopback."""
        assert self._listener is not None, "start() the server first"
        port = self._listener.getsockname()[1]
        return f"ws://{self._host}:{port}/link/?ticket={uuid.uuid4()}"

    # -- what a test does -------------------------------------------------------------------

    def wait_for_connection(self, timeout: float = 5.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: bool(self._clients), timeout):
                raise TimeoutError("no Socket Mode connection was opened")

    def push(self, kind: str, payload: dict[str, Any]) -> str:
        """Send an envelope (`events_api`, `interactive`, `slash_commands`) to every
        connected client; returns its `envelope_id`."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api"}  # fmt: skip
        with self._changed:
            clients = list(self._clients)
        for client in clients:
            self._send(client, _TEXT, json.dumps(envelope).encode())
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The client's acknowledgement of an envelope (its optional `payload` included)."""
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                raise TimeoutError(f"envelope {envelope_id} was not acknowledged")
            return self._acks[envelope_id]

    # -- the protocol -----------------------------------------------------------------------

    def _accept(self) -> None:
        while self._listener is not None:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # stopped
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            self._handshake(client)
            with self._changed:
                self._clients.append(client)
                self._changed.notify_all()
            self._send(client, _TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode())
            while True:
                opcode, data = _read_frame(client)
                if opcode == _CLOSE:
                    self._send(client, _CLOSE, data[:2])
                    break
                if opcode == _PING:
                    self._send(client, _PONG, data)
                elif opcode == _TEXT:
                    self._acknowledged(json.loads(data))
        except (OSError, ConnectionError, ValueError):
            pass  # the client went away, or the test stopped the server
        finally:
            with self._changed:
                if client in self._clients:
                    self._clients.remove(client)
            client.close()

    def _acknowledged(self, message: dict[str, Any]) -> None:
        if "envelope_id" in message:
            with self._changed:
                self._acks[message["envelope_id"]] = message
                self._changed.notify_all()

    @staticmethod
    def _handshake(client: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = client.recv(1024)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            request += chunk
        headers = dict(
            line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line
        )
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        client.sendall(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )

    def _send(self, client: socket.socket, opcode: int, data: bytes) -> None:
        """One unmasked frame (a server never masks)."""
        size = len(data)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        with self._send_lock:
            client.sendall(header + data)


def _read_frame(client: socket.socket) -> tuple[int, bytes]:
    """One frame from a client (always masked, RFC 6455 section 5.3)."""
    first, second = _read_exactly(client, 2)
    size = second & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", _read_exactly(client, 2))
    elif size == 127:
        (size,) = struct.unpack("!Q", _read_exactly(client, 8))
    mask = _read_exactly(client, 4) if second & 0x80 else b"\0\0\0\0"
    data = bytes(b ^ mask[i % 4] for i, b in enumerate(_read_exactly(client, size)))
    return first & 0x0F, data


def _read_exactly(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the client closed the connection")
        data += chunk
    return data
