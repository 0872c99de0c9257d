"""Headers every response carries (a strict Content-Security-Policy and friends), and two guards.

Redirects are made relative: Starlette builds the trailing-slash redirect from the
request's Host header, so ``Host: evil.example`` would send the browser off-site;
only the path and query are kept. HTML never carries a NUL character: one stored
in an old record is shown as U+FFFD.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_NAMES = {name for name, _ in HEADERS}
_NUL, _REPLACEMENT = b"\x00", "\ufffd".encode()


def relative(location: bytes) -> bytes:
    """A redirect target as a same-site path: scheme and host dropped, «//host» refused."""
    parts = urlsplit(location.decode("latin-1"))
    path = "/" + parts.path.lstrip("/")
    return (path + ("?" + parts.query if parts.query else "")).encode("latin-1")


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)


class SecurityHeaders:
    """ASGI middleware that sets :data:`HEADERS` on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        held: list[Message] = []  # an HTML response's start, kept until its first body part
        html = False

        async def send_with_headers(message: Message) -> None:
            nonlocal html
            if message["type"] == "http.response.start":
                kept = [(k, relative(v) if k.lower() == b"location" else v)
                        for k, v in message.get("headers", []) if k.lower() not in _NAMES]
                message = {**message, "headers": [*kept, *HEADERS]}
                html = _is_html(kept)
                if html:
                    held.append(message)
                    return
            elif message["type"] == "http.response.body" and html:
                body = message.get("body", b"").replace(_NUL, _REPLACEMENT)
                message = {**message, "body": body}
                if held:
                    start = held.pop()
                    headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                    if not message.get("more_body", False):  # the whole body: its length is known
                        headers.append((b"content-length", str(len(body)).encode()))
                    await send({**start, "headers": headers})
            await send(message)

        await self.app(scope, receive, send_with_headers)
