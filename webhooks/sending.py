"""One attempt on the wire: the signed POST to the address the guard allowed, and what came back."""

import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from standardwebhooks.webhooks import Webhook

from webhooks.guard import RefusedAddress, public_addresses

USER_AGENT = "draft-orders-webhooks/1.0"
EXCERPT_CHARS = 1000
READ_LIMIT = 64 * 1024  # bytes of the answer read at most: the excerpt is all that is kept


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    duration_ms: int
    status_code: int | None = None
    response_excerpt: str = ""
    error: str = ""


def signed_headers(*, secret: str, message_id: str, timestamp: datetime, body: bytes) -> dict[str, str]:
    """Standard Webhooks' headers: the message id (the event's, the same on every retry), the attempt's time and
    the signature over `id.timestamp.body` (standardwebhooks, the reference implementation)."""
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, timestamp, body),
    }


def payload_body(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


class _PinnedConnection(http.client.HTTPConnection):
    """Speaks HTTP over a socket already connected to a checked address (no second DNS lookup to race)."""

    def __init__(self, host: str, port: int, sock: socket.socket, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.sock = sock

    def connect(self):  # the socket is given; http.client must not open another
        raise http.client.NotConnected()


def _connect(scheme: str, host: str, port: int, timeout: float) -> socket.socket:
    errors = []
    for address in public_addresses(host, port):
        try:
            sock = socket.create_connection((address, port), timeout=timeout)
        except OSError as exc:
            errors.append(f"{address}: {exc}")
            continue
        if scheme != "https":
            return sock
        try:
            return ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        except BaseException:
            sock.close()
            raise
    raise OSError("could not connect (" + "; ".join(errors) + ")")


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float | None = None) -> Outcome:
    """POST `body` to `url`, within `timeout` seconds per step; a 2xx answer is a success, anything else
    (another status, a refused address, a connection error, a timeout) a failure with its reason."""
    timeout = settings.WEBHOOKS_TIMEOUT_SECONDS if timeout is None else timeout
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    connection = None
    try:
        sock = _connect(parts.scheme, parts.hostname or "", port, timeout)
        connection = _PinnedConnection(parts.hostname or "", port, sock, timeout)
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(READ_LIMIT).decode("utf-8", errors="replace")[:EXCERPT_CHARS]
    except RefusedAddress as refusal:
        return Outcome(succeeded=False, duration_ms=elapsed(), error=f"refused: {refusal}")
    except TimeoutError:
        return Outcome(succeeded=False, duration_ms=elapsed(), error=f"timed out after {timeout:g} s")
    except (OSError, http.client.HTTPException, UnicodeError) as exc:
        return Outcome(succeeded=False, duration_ms=elapsed(), error=f"{type(exc).__name__}: {exc}"[:EXCERPT_CHARS])
    finally:
        if connection is not None:
            connection.close()
    status = response.status
    return Outcome(
        succeeded=200 <= status < 300,
        duration_ms=elapsed(),
        status_code=status,
        response_excerpt=excerpt,
        error="" if 200 <= status < 300 else f"answered {status}",
    )
