"""Evidence on the claim page: the claim's files (thumbnails, a player for recordings, a
download for the rest) served by the workspace's own route, the upload form, and the links that
let a vendor answer its own fact check (made once, shown once, revoked).

The page's parts plug into claim_pages (PANEL_COMMANDS, PANEL_CONTEXT); the calls into the core
are in backend/evidence.py.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Callable

from flask import Blueprint, g, render_template, request, send_file, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from casemgmt.domain.evidence import Attachment

from . import backend
from .access import page, see_other, signed_in
from .claim_pages import CONFLICT, PANEL_COMMANDS, PANEL_CONTEXT, Offer, render
from .commands import API, Command
from .forms import Failed, read, version_of
from .refusals import reason
from .session import Refused

log = logging.getLogger("casemgmt.web")
blp = Blueprint("evidence", __name__)

READ_FILE = ("GET", API + "/attachments/{attachment_id}")
FACT_CHECK = "/claims/<claim_id>/fact-checks/<fact_check_id>"
UPLOAD = Command("attachments", "/claims/<claim_id>/attachments", API + "/attachments",
                 "증거 파일 올리기", "파일을 올렸습니다.")
LINK = Command("vendor-link", FACT_CHECK + "/vendor-link",
               API + "/fact-checks/{fact_check_id}/vendor-link", "업체 링크 만들기",
               "업체 링크를 만들었습니다. 링크는 지금 한 번만 보입니다.", "fact_check_id")
REVOKE = Command("vendor-link-revocation", FACT_CHECK + "/vendor-link/revocation",
                 API + "/fact-checks/{fact_check_id}/vendor-link/revocation", "업체 링크 회수",
                 "업체 링크를 회수했습니다. 이제 그 링크로는 답변할 수 없습니다.",
                 "fact_check_id", quiet=True)
PANEL_COMMANDS.extend([UPLOAD, LINK, REVOKE])

# Shown in the page (the app's own route, so `img-src 'self'` and `media-src 'self'` hold);
# everything else, HEIC included (browsers do not draw it), is a download.
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp"})
RECORDINGS = frozenset({"audio/mpeg", "audio/mp4", "audio/wav"})
# The bytes are the customer's: nothing in them runs, nothing is fetched if opened in a tab.
FILE_HEADERS = {"Content-Security-Policy": "default-src 'none'; sandbox",
                "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
TOO_LARGE = "파일이 너무 큽니다. {mb}MB 이하의 파일만 올릴 수 있습니다."
UNSUPPORTED = ("받을 수 없는 형식의 파일입니다. 사진(JPEG·PNG·WebP·HEIC), PDF, 녹음(MP3·M4A·WAV), "
               "텍스트 파일만 올릴 수 있습니다 (형식은 파일 이름이 아니라 내용으로 판단합니다).")
ERASED = "이 클레임의 개인정보는 파기되어 파일을 올리거나 열 수 없습니다."
ERASED_NAME = "[erased]"  # a file's name on a claim whose data was destroyed (the API's too)


@dataclass(kw_only=True)
class FileShown(Attachment):
    """A file as the page lists it: what the event recorded, how it is shown, where its bytes
    are."""

    show: str  # "image", "audio", "download", or "erased" (the claim's data was destroyed)
    url: str
    download_url: str

    @property
    def extension(self) -> str:
        return backend.file_extension(self.media_type).upper()


# -- the claim page's part --------------------------------------------------------------------

def context(shown, detail: dict, actor, offers: dict[str, Offer]) -> dict[str, Any]:
    """What _evidence.html and _evidence_commands.html need beside the claim and its offers."""
    erased = any(a["filename"] == ERASED_NAME for a in detail["attachments"])
    files = [_file(detail["id"], a, erased) for a in detail["attachments"]]
    return {"files": files, "files_by_id": {f.id: f for f in files},
            "revocable": {offer.part_id for offer in offers.values()
                          if offer.command is REVOKE and offer.refusal is None},
            "fact_check_choices": [(fc["id"], f"{fc['id']} · {fc['vendor']['id']}")
                                   for fc in detail["fact_checks"]],
            "escalation_choices": [(e["id"], f"{e['id']} · {e['agency_reference']}")
                                   for e in detail["escalations"]],
            "max_attachment_mb": backend.max_attachment_mb(),
            "max_file_bytes": backend.max_attachment_mb() * 1024 * 1024}


def _file(claim_id: str, attachment: dict, erased: bool) -> FileShown:
    media_type = attachment["media_type"]
    show = ("erased" if erased else "image" if media_type in IMAGES
            else "audio" if media_type in RECORDINGS else "download")
    url = url_for("evidence.download", claim_id=claim_id, attachment_id=attachment["id"])
    return FileShown(**attachment, show=show, url=url, download_url=f"{url}?download=1")


PANEL_CONTEXT.append(context)


# -- the bytes --------------------------------------------------------------------------------

@blp.get("/claims/<claim_id>/attachments/<attachment_id>")
@page(api=READ_FILE)
def download(claim_id: str, attachment_id: str):
    """The file as uploaded (checked against its SHA-256): in the page for photos and
    recordings, else (or with ?download=1) as a download. Written to the PII access log."""
    try:
        found = backend.attachment_file(claim_id, attachment_id)
    except backend.UnknownPart:
        raise Refused(404, "이 클레임에 그런 파일이 없습니다.") from None
    except backend.ClaimDataErased:
        raise Refused(410, ERASED) from None
    except backend.FileIntegrityError:
        log.error("evidence file %s/%s failed its integrity check", claim_id, attachment_id)
        raise Refused(500, "저장된 파일이 무결성 검사를 통과하지 못해 보여 주지 않습니다. "
                           "기록해 두었으니 관리자에게 알리세요.") from None
    media_type = found.attachment.media_type
    inline = "download" not in request.args and media_type in IMAGES | RECORDINGS
    response = send_file(io.BytesIO(found.data), mimetype=media_type, as_attachment=not inline,
                         download_name=found.attachment.filename, etag=False,
                         conditional=False, max_age=None)
    response.headers.update(FILE_HEADERS)
    response.headers["ETag"] = f'"{found.attachment.sha256}"'
    return response


# -- upload -----------------------------------------------------------------------------------

@blp.post(UPLOAD.rule)
@page(api=UPLOAD.method_and_path)
def upload(claim_id: str):
    upload_file = request.files.get("file")
    data = upload_file.read() if upload_file is not None else b""
    fields, errors = _upload_fields()
    if not data:
        errors["file"] = ["빈 파일입니다." if upload_file and upload_file.filename
                          else "올릴 파일을 고르세요."]
    if errors:
        return render(backend.claim(claim_id), failed=Failed(UPLOAD.key, errors, request.form),
                      status=422)
    return _refused(UPLOAD, claim_id, lambda actor, version: backend.add_attachment(
        actor, claim_id, version, upload_file.filename, data, fields)) or _done(UPLOAD, claim_id)


def _upload_fields() -> tuple[dict[str, str], dict[str, list[str]]]:
    """kind, fact_check_id, escalation_id: optional; an empty choice is no choice."""
    chosen = MultiDict({name: request.form.get(name, "").strip()
                        for name in ("kind", "fact_check_id", "escalation_id")
                        if request.form.get(name, "").strip()})
    data, errors = read(backend.UPLOAD_FIELDS, chosen)
    return data or {}, errors


@blp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """A body over the cap is refused before its form is read; to a user who may upload to
    this claim, the page says so next to the file."""
    actor, message = g.get("actor"), TOO_LARGE.format(mb=backend.max_attachment_mb())
    if actor is not None and backend.admits(actor, *UPLOAD.method_and_path):
        try:
            return render(backend.claim(request.view_args["claim_id"]), status=413,
                          failed=Failed(UPLOAD.key, {"file": [message]}))
        except backend.ClaimNotFound:
            pass
    return render_template("error.html", status=413, message=message), 413


# -- vendor links -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    """A link just made: its URL (with the token) is in this one answer and nowhere else."""

    fact_check_id: str
    url: str
    expires_at: Any
    claim_reference: str


@blp.post(LINK.rule)
@page(api=LINK.method_and_path)
def vendor_link(claim_id: str, fact_check_id: str):
    made: list[Issued] = []

    def issue(actor, version) -> None:
        _, link, url = backend.issue_vendor_link(actor, claim_id, fact_check_id, version)
        made.append(Issued(fact_check_id, url, link.expires_at, link.claim_reference))

    refused = _refused(LINK, claim_id, issue, fact_check_id)
    if refused is not None:
        return refused
    # The page itself, not a redirect: the token is in this answer and nowhere else.
    return render(backend.claim(claim_id), done=LINK.done, issued=made[0])


@blp.post(REVOKE.rule)
@page(api=REVOKE.method_and_path)
def revoke_vendor_link(claim_id: str, fact_check_id: str):
    return _refused(REVOKE, claim_id, lambda actor, version: backend.revoke_vendor_link(
        actor, claim_id, fact_check_id, version), fact_check_id) or _done(REVOKE, claim_id)


# -- one attempt, its refusals next to the form -----------------------------------------------

def _done(command: Command, claim_id: str):
    return see_other(url_for("claim.show", claim_id=claim_id, done=command.key) + "#result")


def _refused(command: Command, claim_id: str, act: Callable[[Any, int | None], Any],
             part_id: str | None = None):
    """Run `act(actor, version)`; None when it worked, else the claim page again with the
    reason next to the form (and the API's status for it)."""
    form_id = f"{command.key}-{part_id}" if part_id else command.key
    try:
        act(signed_in(), version_of(request.form))
        return None
    except (backend.StaleVersion, backend.ConcurrentWrite) as error:
        status = 412 if isinstance(error, backend.StaleVersion) else 409
        failed = Failed(form_id, {"_form": [CONFLICT]}, request.form, True)
    except backend.FileTooLarge:
        status = 413
        failed = Failed(form_id, {"file": [TOO_LARGE.format(mb=backend.max_attachment_mb())]})
    except backend.UnsupportedMediaType:
        status, failed = 415, Failed(form_id, {"file": [UNSUPPORTED]}, request.form)
    except backend.ClaimDataErased:
        status, failed = 410, Failed(form_id, {"_form": [ERASED]}, request.form)
    except backend.DomainError as error:
        status = backend.status_of(error)
        failed = Failed(form_id, {error.field or "_form": [reason(error.rule, error.message)]},
                        request.form)
    return render(backend.claim(claim_id), failed=failed, status=status)
