"""Evidence files on a claim: upload (multipart) and download, with headers that keep a
browser from running or sniffing what it receives."""
from __future__ import annotations

import io

from flask import send_file
from flask_smorest import Blueprint

from casemgmt.domain.evidence import MediaType

from .evidence_core import (
    CHANGE_CLAIM, ETAG_HEADER, READ_FILES, answer_with_claim, command_answers, current_actor,
    disclosed, expected_version, operation,
)
from .schemas.claims_out import ClaimOut
from .services import services
from .uploads import read_upload, upload_body

blp = Blueprint("attachments", __name__, url_prefix="/api/v1/claims",
                description="Evidence files: photos, receipts, recordings, documents")
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    # Opened in a tab anyway (a PDF, a text): nothing in it runs, nothing is fetched.
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
DOWNLOAD_HEADERS = {
    "ETag": {"description": 'The SHA-256 of the file, as "<hex>"', "schema": {"type": "string"}},
    "Content-Disposition": {"description": "attachment; filename*=UTF-8''…",
                            "schema": {"type": "string"}},
    "X-Content-Type-Options": {"description": "nosniff", "schema": {"type": "string"}},
}


@blp.route("/<claim_id>/attachments", methods=["POST"])
@operation(blp, roles=CHANGE_CLAIM, problems=(404, 409, 410, 412), idempotent=True,
           if_match=True)
@blp.doc(requestBody=upload_body(staff=True))
@blp.alt_response(413, description="File larger than CASEMGMT_MAX_ATTACHMENT_MB (default 20)")
@blp.alt_response(415, description="Not multipart, or a file of no type taken (read from its "
                                   "bytes): JPEG, PNG, WebP, HEIC, PDF, MP3, M4A, WAV, text")
@blp.alt_response(410, description="The claim's personal data was erased: no file is taken")
@blp.response(201, ClaimOut, headers=ETAG_HEADER)
def upload(claim_id):
    """Add an evidence file (multipart).

    Its type is read from its bytes; it is sealed with the claim's key and recorded with its
    SHA-256 in an AttachmentAdded event."""
    upload = read_upload(staff=True)
    command_answers(201)
    claim = services().evidence.add_attachment(current_actor(), claim_id, upload,
                                               expected_version=expected_version())
    return answer_with_claim(claim, 201)


@blp.route("/<claim_id>/attachments/<attachment_id>", methods=["GET"])
@operation(blp, roles=READ_FILES, problems=(404, 410, 500))
@blp.alt_response(410, description="Erased (customer erasure or retention): the file is gone")
@blp.alt_response(500, description="The stored file failed its integrity check (it is never "
                                   "served altered)")
@blp.doc(responses={"200": {
    "description": "The file's bytes, with the media type read from them at upload",
    "headers": DOWNLOAD_HEADERS, "content": {media_type.value: {"schema": {
        "type": "string", "format": "binary"}} for media_type in MediaType}}})
def download(claim_id, attachment_id):
    """Download an evidence file, exactly as uploaded (checked against its SHA-256)."""
    file = services().evidence.attachment_file(claim_id, attachment_id)
    disclosed([(file.claim_id, file.customer_id)])
    response = send_file(io.BytesIO(file.data), mimetype=file.attachment.media_type,
                         as_attachment=True, download_name=file.attachment.filename,
                         etag=False, conditional=False, max_age=None)
    response.headers.update(SAFE_HEADERS)
    response.headers["ETag"] = f'"{file.attachment.sha256}"'
    return response
