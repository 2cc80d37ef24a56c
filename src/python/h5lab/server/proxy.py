"""`<base_url>/h5lab/…` → the sidecar on loopback: an authenticated, streaming reverse proxy.

Only requests carrying the lab's own authentication (token, login cookie + XSRF) get through. The lab's
credentials never reach the sidecar; the proxy signs every request as the lab user instead.
Bodies stream both ways with backpressure: an upload is read from the browser only as fast as the sidecar
takes it, and a download is read from the sidecar only as fast as the browser takes it.
"""

import asyncio
import json

from jupyter_server.auth.decorator import HTTP_METHOD_TO_AUTH_ACTION
from jupyter_server.base.handlers import JupyterHandler
from tornado import httputil, iostream, web
from tornado.http1connection import HTTP1Connection, HTTP1ConnectionParameters
from tornado.tcpclient import TCPClient

from .sidecar import Sidecar

# Hop-by-hop headers, plus the lab's own credentials and what the proxy sets itself. Expect: tornado has
# already answered the browser's 100-continue; forwarding it would make the sidecar send a second one.
_REQUEST_HEADERS_NOT_FORWARDED = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "host", "cookie", "authorization", "expect", "x-xsrftoken",
})
_RESPONSE_HEADERS_NOT_FORWARDED = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "server", "date", "set-cookie",
})
# Tornado's client chunks a body without Content-Length only for these methods.
_CHUNKABLE_METHODS = frozenset({"POST", "PUT", "PATCH"})
_END_OF_BODY = b""
# The sidecar enforces its own request size limits (max_request_size).
_MAX_PROXIED_BODY = 1 << 40


class _ResponseRelay(httputil.HTTPMessageDelegate):
    """Copies the sidecar's response to the browser, one flushed chunk at a time."""

    def __init__(self, handler: "SidecarProxyHandler"):
        self._handler = handler
        self.started = False

    def headers_received(self, start_line, headers):
        handler = self._handler
        handler.set_status(start_line.code, start_line.reason or None)
        # tornado presets text/html; the sidecar's own Content-Type (if any) is the only one that counts.
        handler.clear_header("Content-Type")
        for name, value in headers.get_all():
            lowered = name.lower()
            # Cross-origin rules of the lab's origin are the Jupyter server's, not the sidecar's.
            if lowered not in _RESPONSE_HEADERS_NOT_FORWARDED and not lowered.startswith("access-control-"):
                handler.add_header(name, value)
        self.started = True

    def data_received(self, chunk):
        self._handler.write(chunk)
        # Awaited by tornado before it reads the next chunk from the sidecar.
        return self._handler.flush()

    def finish(self):
        pass

    def on_connection_close(self):
        pass


@web.stream_request_body
class SidecarProxyHandler(JupyterHandler):
    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    auth_resource = "h5lab"

    def initialize(self, sidecar: Sidecar, authorization: str, ready_wait: float) -> None:
        self._sidecar = sidecar
        self._authorization = authorization
        self._ready_wait = ready_wait
        self._body: asyncio.Queue[bytes] = asyncio.Queue(maxsize=8)
        self._discard_body = False
        self._upstream_stream: iostream.IOStream | None = None
        self._forwarding: asyncio.Future | None = None
        self._relay = _ResponseRelay(self)

    async def prepare(self) -> None:
        # With a streamed body, data_received runs before the verb method, so the usual decorators on the
        # verb methods would authenticate too late: everything is checked here, before any byte moves.
        await super().prepare(_redirect_to_login=False)
        if self._finished:
            return
        if self.current_user is None:
            raise web.HTTPError(403, "the h5lab service requires a logged-in Jupyter user")
        action = HTTP_METHOD_TO_AUTH_ACTION[self.request.method]
        allowed = self.authorizer.is_authorized(self, self.current_user, action, self.auth_resource)
        if asyncio.iscoroutine(allowed):
            allowed = await allowed
        if not allowed:
            raise web.HTTPError(403, "this Jupyter user may not use the h5lab service")
        if not await self._sidecar_ready():
            raise web.HTTPError(503, self._unavailable_message(), reason="h5lab service not running")
        if self._has_body() and "Content-Length" not in self.request.headers \
                and self.request.method not in _CHUNKABLE_METHODS:
            raise web.HTTPError(411)
        self.request.connection.set_max_body_size(_MAX_PROXIED_BODY)
        self._forwarding = asyncio.ensure_future(self._forward())
        self._forwarding.add_done_callback(self._stop_reading_body)

    async def _sidecar_ready(self) -> bool:
        # A request arriving during a restart waits a little rather than failing at once.
        try:
            await asyncio.wait_for(self._sidecar.ready.wait(), self._ready_wait)
        except asyncio.TimeoutError:
            return False
        return True

    def _unavailable_message(self) -> str:
        sidecar = self._sidecar
        if sidecar.state == "restarting" and sidecar.last_exit:
            return f"The h5lab service is not running ({sidecar.last_exit}); it is being restarted, try again shortly."
        if sidecar.state == "starting":
            return "The h5lab service is starting; try again shortly."
        return f"The h5lab service is not running (state: {sidecar.state})."

    def _has_body(self) -> bool:
        headers = self.request.headers
        return "Transfer-Encoding" in headers or int(headers.get("Content-Length", "0") or 0) > 0

    async def data_received(self, chunk: bytes) -> None:
        if chunk and not self._discard_body:
            await self._body.put(chunk)

    def on_connection_close(self) -> None:
        # The browser went away: stop the sidecar's work on this request too.
        if self._forwarding is not None:
            self._forwarding.cancel()
        if self._upstream_stream is not None:
            self._upstream_stream.close()

    def _stop_reading_body(self, _forwarding: asyncio.Future) -> None:
        # Once nothing forwards the upload any more, the rest of it is read and dropped, so that tornado
        # reaches the verb method (which reports the outcome) instead of waiting on a full queue.
        self._discard_body = True
        while not self._body.empty():
            self._body.get_nowait()

    def _upstream_headers(self) -> httputil.HTTPHeaders:
        headers = httputil.HTTPHeaders()
        for name, value in self.request.headers.get_all():
            if name.lower() not in _REQUEST_HEADERS_NOT_FORWARDED:
                headers.add(name, value)
        headers["Host"] = f"127.0.0.1:{self._sidecar.port}"
        headers["Authorization"] = self._authorization
        # No `Connection: close`: a sidecar that answers before the whole upload arrived (404, 413) then
        # reads and drops the rest, instead of closing on unread data, which would reset the connection and
        # lose its answer. The proxy closes the connection itself once the answer is relayed.
        return headers

    def _upstream_target(self) -> str:
        prefix = self.base_url.rstrip("/") + "/h5lab"
        tail = self.request.path[len(prefix):] or "/"
        return tail + (f"?{self.request.query}" if self.request.query else "")

    async def _forward(self) -> None:
        stream = await TCPClient().connect("127.0.0.1", self._sidecar.port)
        self._upstream_stream = stream
        connection = HTTP1Connection(stream, True, HTTP1ConnectionParameters(no_keep_alive=True))
        start = httputil.RequestStartLine(self.request.method, self._upstream_target(), "HTTP/1.1")
        await connection.write_headers(start, self._upstream_headers())
        response = asyncio.ensure_future(connection.read_response(self._relay))
        try:
            if self._has_body():
                while (chunk := await self._body.get()) != _END_OF_BODY:
                    await connection.write(chunk)
            connection.finish()
        except (iostream.StreamClosedError, httputil.HTTPOutputError):
            # The sidecar answered early (e.g. 413) and closed: its answer is in `response`; the rest of
            # the upload is dropped.
            self._stop_reading_body(response)
        try:
            await response
        finally:
            stream.close()

    async def _finish_proxying(self, _path: str) -> None:
        assert self._forwarding is not None
        if not self._discard_body:
            await self._body.put(_END_OF_BODY)
        try:
            await self._forwarding
        except (OSError, iostream.StreamClosedError, httputil.HTTPInputError) as error:
            if self._relay.started:
                # Part of the answer is already on its way: all that is left is to cut it short.
                self.request.connection.close()
                return
            raise web.HTTPError(502, f"The h5lab service did not answer: {error}") from None
        if not self._relay.started:
            raise web.HTTPError(502, "The h5lab service closed the connection without answering.")

    get = head = post = put = patch = delete = options = _finish_proxying

    def write_error(self, status_code: int, **kwargs) -> None:
        # JSON like the sidecar's own errors, so clients handle both alike.
        error = kwargs.get("exc_info", (None, None))[1]
        message = getattr(error, "log_message", None) or httputil.responses.get(status_code, "Error")
        self.clear_header("Content-Encoding")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": message, "status": status_code}))
