"""The HTTP side of webhook mode: Telegram's webhook, guarded by the secret token, and /healthz.

PTB's built-in webhook server has no room for other routes, so this is PTB's custom-webhook
pattern on tornado (which PTB's webhooks extra already installs). Each update is processed
(committed, or recorded as failed) before Telegram gets its 200, so an update in flight
when the process dies is redelivered rather than lost. Telegram posts concurrently; the
pipeline keeps each chat in order and runs different chats at once, as in polling.

A request is judged by its headers first: without the right secret it gets 403 before a
byte of its body is read, and no body may exceed MAX_BODY_BYTES.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.concurrent import Future
from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer

from bot.runtime.pipeline import PipelineBrokenError, pipeline_of
from bot.ui.context import BotData
from storage.db import check_connection

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT_SECONDS = 5.0
# How long a stopping server lets updates already being processed finish.
DRAIN_SECONDS = 20.0
# An update is a few kilobytes; Telegram's own limit for what it posts is far below this.
MAX_BODY_BYTES = 1024 * 1024

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class WebhookServer:
    """Listens on `listen:port`; updates are refused (503) until `serve()` hands it the bot."""

    def __init__(self, application: AnyApplication, *, path: str, secret: str) -> None:
        self.application = application
        self.path = path
        self._secret = secret.encode()
        self.serving = False
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._server: HTTPServer | None = None

    def start(self, *, listen: str, port: int) -> None:
        """Bind the port now, so /healthz answers while this instance is on standby."""
        routes: list[Any] = [
            (HEALTH_PATH, _HealthHandler, {"server": self}),
            (self.path, _WebhookHandler, {"server": self}),
        ]
        app = tornado.web.Application(routes, log_function=_log_request)
        # A longer Content-Length is refused before its body is read, on every route.
        self._server = HTTPServer(
            app, xheaders=True, max_body_size=MAX_BODY_BYTES, max_buffer_size=MAX_BODY_BYTES
        )
        self._server.listen(port, address=listen)
        log.info("Listening for Telegram's webhook on %s:%s%s", listen, port, self.path)

    def serve(self) -> None:
        """Start processing the updates Telegram posts."""
        self.serving = True

    async def stop(self) -> None:
        """Stop listening, let updates in progress finish, then close every connection."""
        self.serving = False
        if self._server is None:
            return
        self._server.stop()
        try:
            await asyncio.wait_for(self._idle.wait(), DRAIN_SECONDS)
        except TimeoutError:
            log.warning("Stopped with %s webhook updates still being processed", self._in_flight)
        await self._server.close_all_connections()
        self._server = None

    def secret_matches(self, given: str | None) -> bool:
        return hmac.compare_digest((given or "").encode(), self._secret)

    async def process(self, update: Update) -> None:
        self._in_flight += 1
        self._idle.clear()
        try:
            # Telegram gets its 200 once the update committed; the replies follow.
            await pipeline_of(self.application).accept(update)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    def seconds_since_last_update(self) -> float | None:
        """How long ago the newest update arrived; None before the first."""
        received = pipeline_of(self.application).last_received
        return None if received is None else round(time.monotonic() - received, 1)

    def updates_in_flight(self) -> int:
        return pipeline_of(self.application).in_flight

    async def database_ok(self) -> bool:
        bot_data: BotData = self.application.bot_data
        try:
            await asyncio.wait_for(check_connection(bot_data.engine), HEALTH_TIMEOUT_SECONDS)
        except Exception:  # unreachable, refused, timed out: all one answer for a health check
            log.warning("Health check: the database is unreachable", exc_info=True)
            return False
        return True


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """Only failures are worth a line; the path may be a secret of its own, so it is left out."""
    status = handler.get_status()
    if status >= 500:
        log.warning("Webhook server answered %s to %s", status, handler.request.method)


class _BaseHandler(tornado.web.RequestHandler):
    server: WebhookServer

    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    def _json(self, status: int, body: dict[str, Any]) -> Future[None]:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        return self.finish(json.dumps(body))

    def _refuse(self, status: int, description: str) -> None:
        """Answer and hang up: a caller without the secret gets no connection to reuse."""
        self.set_header("Connection", "close")
        written = self._json(status, {"ok": False, "description": description})
        connection = self.request.connection
        if isinstance(connection, HTTP1Connection):
            # Tornado keeps a connection alive whatever the answer's header says (it closes
            # one only when the body was left unread): closed here once the answer is out.
            written.add_done_callback(lambda _: connection.close())


@tornado.web.stream_request_body
class _WebhookHandler(_BaseHandler):
    """Streams the body only once the headers passed, so a refused body is never read."""

    def prepare(self) -> None:
        self._body = bytearray()
        if self.request.method != "POST":
            self._refuse(405, "Method Not Allowed")
        elif not self.server.secret_matches(self.request.headers.get(SECRET_HEADER)):
            log.warning("Refused a webhook request without the right secret token")
            self._refuse(403, "Forbidden")
        elif not self.server.serving:
            # On standby or shutting down: Telegram delivers it again later.
            self._json(503, {"ok": False, "description": "Not serving"})

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self._body += chunk
        if len(self._body) > MAX_BODY_BYTES:
            # A chunked body without a length: refused as soon as it is too long.
            self._json(413, {"ok": False, "description": "Request Entity Too Large"})

    async def post(self) -> None:
        if self._finished:
            return
        try:
            data = json.loads(bytes(self._body))
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
        except (ValueError, TypeError) as error:
            log.warning("Refused a webhook request that is not an update: %s", type(error).__name__)
            self._json(400, {"ok": False, "description": "Bad Request"})
            return
        try:
            update = Update.de_json(data, self.server.application.bot)
        except Exception:
            # From Telegram (the secret matched) but unreadable: passed over with a 200, as
            # polling does, so that Telegram does not hold the updates behind it.
            log.error(
                "Could not read update %s; passing over it", data.get("update_id"), exc_info=True
            )
            self._json(200, {"ok": True})
            return
        try:
            await self.server.process(update)
        except PipelineBrokenError:
            # The process is stopping (serve() saw it); Telegram delivers the update again.
            self._json(503, {"ok": False, "description": "Not serving"})
            return
        self._json(200, {"ok": True})


class _HealthHandler(_BaseHandler):
    async def get(self) -> None:
        ok = await self.server.database_ok()
        role = "serving" if self.server.serving else "standby"
        self._json(
            200 if ok else 503,
            {
                "ok": ok,
                "database": "ok" if ok else "unreachable",
                "role": role,
                "last_update_seconds_ago": self.server.seconds_since_last_update(),
                "updates_in_flight": self.server.updates_in_flight(),
            },
        )
