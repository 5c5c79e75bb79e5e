"""The outermost layer of every answer (ASGI middleware, around the guard):

- **Headers**: no page of the app may be framed by another site (clickjacking):
  ``X-Frame-Options: DENY`` and a CSP with ``frame-ancestors 'none'`` on every answer; HTML
  pages get a CSP that allows only the app's own scripts, styles, fonts and images (the pages
  have no inline script or style), and every answer ``X-Content-Type-Options: nosniff``.
- **Errors**: an exception that escapes everything below (the guard included) is answered
  with one line (JSON for the API, a small page otherwise) when no answer has started, and
  passed on to the server, which logs its traceback. Never a bare "Internal Server Error".
"""

from __future__ import annotations

import html
import json

from badgepress.web.edge.errors import CRASHED, is_api
from badgepress.web.edge.guard import ASGIApp, Message, Receive, Scope, Send

#: The pages' policy: only this app's own files; nothing may frame them.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
            "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: Every other answer's (PDFs, images, JSON): nothing may frame them.
OTHER_CSP = "frame-ancestors 'none'"
_ALWAYS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin")]


def security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` of an answer with the headers above added (a CSP already set is kept)."""
    names = {k.lower() for k, _ in headers}
    out = list(headers)
    if b"content-security-policy" not in names:
        kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        csp = PAGE_CSP if kind.startswith(b"text/html") else OTHER_CSP
        out.append((b"content-security-policy", csp.encode()))
    out.extend((k, v) for k, v in _ALWAYS if k not in names)
    return out


class Shield:
    """The ASGI middleware that adds :func:`security_headers` and answers what escaped."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; see the module docstring."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=security_headers(
                    list(message.get("headers", []))))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if not started:
                await _crash_answer(scope, sending, type(exc).__name__)
            raise  # the server logs the traceback (the answer is out)


async def _crash_answer(scope: Scope, send: Send, name: str) -> None:
    line = CRASHED.format(name=name)
    if is_api(str(scope.get("path", ""))):
        body, kind = json.dumps({"error": line}).encode(), b"application/json"
    else:
        body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                "badgepress</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>"
                "<body><main><h1>Something is not right</h1><p class=\"error\" role=\"alert\">"
                f"{html.escape(line)}</p><p><a href=\"/\">Back to the events</a></p></main>"
                "</body></html>").encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 500, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
