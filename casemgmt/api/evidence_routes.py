"""Evidence files and vendor links, wired into the app in one call from create_app."""
from __future__ import annotations

import logging

from flask import Flask
from flask_smorest import Api

from casemgmt.application.evidence_ports import (
    ClaimDataErased, FileIntegrityError, FileTooLarge, UnsupportedMediaType,
)

from . import attachments, vendor_api, vendor_links
from .problems import problem
from .uploads import apply_upload_limits
from .vendor_page import register_vendor_page

log = logging.getLogger("casemgmt.api")


def register_evidence(app: Flask, api: Api) -> None:
    """Call before the other body hooks (uploads set their own cap before any body is read)."""
    apply_upload_limits(app)
    vendor_api.register_vendor_api(app, api.spec)
    for blueprint in (attachments.blp, vendor_links.blp, vendor_api.blp):
        api.register_blueprint(blueprint)
    register_vendor_page(app, api.spec)
    _register_problems(app)


def _register_problems(app: Flask) -> None:
    @app.errorhandler(UnsupportedMediaType)
    def _unsupported(error):
        return problem(415, "This file is of no type taken: JPEG, PNG, WebP or HEIC images, "
                            "PDF, MP3, M4A or WAV audio, or UTF-8 text (read from its bytes).",
                       slug="unsupported-file-type")

    @app.errorhandler(FileTooLarge)
    def _too_large(error):
        limit = app.extensions["casemgmt"].settings.max_attachment_mb
        return problem(413, f"The file is larger than {limit} MB.", slug="file-too-large")

    @app.errorhandler(ClaimDataErased)
    def _erased(error):
        return problem(410, "This claim's personal data, its files included, was erased.",
                       slug="erased")

    @app.errorhandler(FileIntegrityError)
    def _tampered(error):
        # Loud, and never the bytes: ids only in the log.
        log.error("evidence file failed its integrity check: %s", error)
        return problem(500, "The stored file failed its integrity check; it is not served. "
                            "This has been logged.", slug="file-integrity")
