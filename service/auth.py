"""Bearer-token checks for writes: no token configured means the service takes no writes."""

from __future__ import annotations

import hmac
import logging

from flask import Response, request

from .context import config

log = logging.getLogger(__name__)


class WriteRefused(Exception):
    """A write without the right token; ``status`` is 401 or 403."""

    def __init__(self, status: int, message: str, *, challenge: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.challenge = challenge

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": self.challenge} if self.challenge else {}


def check_write_token() -> None:
    """Raise WriteRefused unless the request carries ``Authorization: Bearer $PLANKG_TOKEN``."""
    token = config().token
    if not token:
        raise WriteRefused(403, "this service takes no writes: it was started without a "
                                "write token (set PLANKG_TOKEN)")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise WriteRefused(401, "writes need an 'Authorization: Bearer <token>' header",
                           challenge='Bearer realm="plankg"')
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        log.warning("refused a write with a wrong token from %s", request.remote_addr)
        raise WriteRefused(401, "the bearer token is not valid for writes",
                           challenge='Bearer realm="plankg", error="invalid_token"')


def text_refusal(err: WriteRefused) -> Response:
    return Response(err.message + "\n", status=err.status, mimetype="text/plain",
                    headers=err.headers())
