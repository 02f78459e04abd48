"""The gunicorn worker of `casemgmt serve` and the image: gthread, answering as the API does.

gunicorn refuses a request it cannot parse (a request line over `limit_request_line`: 414;
too many or too long headers: 431; a malformed request: 400) before Flask sees it, with an
HTML page of its own. This worker answers those with application/problem+json like every
other error of the API. gunicorn still decides the status and logs the refusal as it does;
only the body it writes is replaced. The detail never echoes the request: a refused request
line may hold a query string with personal data.
"""
from __future__ import annotations

import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

DETAIL = {
    400: "the request could not be parsed as HTTP",
    403: "the request was refused before it reached the service",
    414: "the request line (path and query string) is longer than the server accepts",
    417: "the Expect header asks for something the server does not do",
    431: "the request has too many header fields, or one that is too long",
    500: "the server failed while answering; the request may be retried",
    501: "the server does not support this transfer coding",
}


class ProblemWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc) -> None:
        written = _Written()
        super().handle_error(req, written, addr, exc)  # gunicorn's status, log and access log
        status, reason = written.status()
        try:
            util.write_nonblock(client, problem_response(status, reason))
        except Exception:  # the client may be gone; gunicorn ignores that too
            self.log.debug("Failed to send error message.")


def problem_response(status: int, reason: str) -> bytes:
    body = json.dumps({
        "type": f"/problems/{reason.lower().replace(' ', '-')}", "title": reason,
        "status": status, "detail": DETAIL.get(status, reason.lower()),
    }).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class _Written:
    """Stands in for the client socket to learn which status gunicorn chose."""

    def __init__(self) -> None:
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0  # "non-blocking already": gunicorn then writes without setblocking()

    def sendall(self, data: bytes) -> None:
        self.data += data

    def status(self) -> tuple[int, str]:
        line = self.data.split(b"\r\n", 1)[0].decode("latin-1")  # HTTP/1.1 414 URI Too Long
        _, code, reason = (line.split(" ", 2) + ["", ""])[:3]
        return (int(code), reason) if code.isdigit() else (500, "Internal Server Error")
