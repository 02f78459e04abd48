"""File uploads through the workspace's forms: parsed in memory (no temporary file ever holds a
customer's photo in clear, as in the API), and the upload route takes a body up to the
attachment cap while every other page keeps the workspace's 1 MiB.

``install(app)`` must run before the session's hooks: the CSRF check reads the form, and the
form is read under the cap set here.
"""
from __future__ import annotations

import io
from typing import IO

from flask import Flask, Request, request

from . import backend

UPLOAD_ENDPOINTS = frozenset({"evidence.upload"})


class InMemoryFiles(Request):
    """Every file part of a form lands in memory, never in a temporary file on disk."""

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None,
                         content_length: int | None = None) -> IO[bytes]:
        return io.BytesIO()


def install(app: Flask) -> None:
    app.request_class = InMemoryFiles

    @app.before_request
    def _upload_cap() -> None:
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = backend.max_upload_bytes()
