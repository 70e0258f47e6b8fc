"""The security headers of every answer, whether Flask or the answer cache's front door
(web/answer_front.py) gives it."""

from __future__ import annotations

from flask import Response, request

# The pages load their one script and style sheet from this site and nothing inline, so an
# injected <script> or style="" is never run; no framing, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)
# Pages and answers show personal data: no copy in a browser's or a proxy's cache (a shared
# office computer's back button included). Only the assets are cacheable.
NO_STORE = ("Cache-Control", "no-store")


def security_headers(response: Response) -> Response:
    """after_request: the security headers, unless the view set its own."""
    if not (request.endpoint or "").endswith("static"):
        response.headers[NO_STORE[0]] = NO_STORE[1]
    for name, value in SECURITY:
        response.headers.setdefault(name, value)
    return response
