"""Multipart file uploads: their own body cap (JSON routes keep 1 MiB), parsed in memory (no
temporary file ever holds a customer's photo in clear), and an Idempotency-Key fingerprint
that does not change with the multipart boundary a retry is sent with."""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass

from flask import Flask, g, request
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from casemgmt.application.evidence import Upload
from casemgmt.domain.evidence import AttachmentKind, MediaType

from .problems import ApiProblem, from_validation_messages
from .schemas.common import choice
from .services import services

# The endpoints that take multipart/form-data with a file (blueprint name . view name).
FILE_ENDPOINTS = frozenset({"attachments.upload", "vendor.upload"})
ENVELOPE = 64 * 1024  # boundaries, part headers and the small fields around the file
PART_ID = validate.Length(min=1, max=64)


class UploadFields(Schema):
    kind = choice(AttachmentKind, metadata={"description": "default: by the file's type"})
    fact_check_id = fields.String(validate=PART_ID)
    escalation_id = fields.String(validate=PART_ID)


def upload_body(*, staff: bool) -> dict:
    """The multipart request body, as /openapi.json describes it."""
    properties = {"file": {"type": "string", "format": "binary", "description": (
        "JPEG, PNG, WebP, HEIC, PDF, MP3, M4A, WAV or UTF-8 text, read from the bytes; "
        "at most CASEMGMT_MAX_ATTACHMENT_MB (default 20)")},
        "kind": {"$ref": "#/components/schemas/AttachmentKind"}}  # AttachmentOut's enum
    if staff:
        properties.update(fact_check_id={"type": "string", "minLength": 1, "maxLength": 64},
                          escalation_id={"type": "string", "minLength": 1, "maxLength": 64})
    return {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": ["file"], "properties": properties,
                   "additionalProperties": False},
        "encoding": {"file": {"contentType": ", ".join(m.value for m in MediaType)}}}}}


def takes_files() -> bool:
    return request.endpoint in FILE_ENDPOINTS


def apply_upload_limits(app: Flask) -> None:
    """Register before the other body hooks: they read the body under this request's cap."""

    @app.before_request
    def _attachment_cap():
        if takes_files():
            request.max_content_length = services().settings.max_attachment_bytes + ENVELOPE


@dataclass(frozen=True)
class Form:
    fields: dict[str, str]
    filename: str | None
    data: bytes | None


def read_upload(*, staff: bool) -> Upload:
    form = parsed_form()
    if form.data is None:
        raise ApiProblem(422, "A file is required (multipart field 'file').", slug="validation",
                         errors={"file": ["Missing data for required field."]})
    allowed = {"kind", "fact_check_id", "escalation_id"} if staff else {"kind"}
    try:
        values = UploadFields(only=allowed).load(form.fields)
    except ValidationError as error:
        raise _Refused(from_validation_messages(error.messages)) from None
    return Upload(filename=form.filename, data=form.data, **values)


def parsed_form() -> Form:
    """The multipart body, parsed once per request (the fingerprint and the view share it)."""
    if "upload_form" not in g:
        g.upload_form = _parse()
    return g.upload_form


def upload_fingerprint() -> str:
    """What makes two uploads the same request: the fields and the file's name and bytes."""
    form = parsed_form()
    digest = hashlib.sha256(form.data).hexdigest() if form.data is not None else None
    canonical = json.dumps([sorted(form.fields.items()), form.filename, digest],
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _parse() -> Form:
    if request.mimetype != "multipart/form-data":
        raise ApiProblem(415, "Send the file as multipart/form-data (field 'file'), "
                              f"not {request.mimetype or 'without a Content-Type'}.")
    raw = request.get_data(cache=True)  # 413 beyond this request's cap, chunked or not
    parser = FormDataParser(stream_factory=_in_memory, max_form_memory_size=ENVELOPE,
                            max_form_parts=10, silent=False)
    try:
        _, form, files = parser.parse(io.BytesIO(raw), request.mimetype, len(raw),
                                      request.mimetype_params)
    except RequestEntityTooLarge:
        raise
    except ValueError:
        raise ApiProblem(400, "The multipart body could not be read.",
                         slug="malformed-multipart") from None
    unknown = [name for name in files if name != "file"]
    if unknown or len(files.getlist("file")) > 1:
        raise ApiProblem(400, "Send one file, in the field 'file'.", slug="unknown-field",
                         errors={name: ["Unknown field."] for name in unknown or ["file"]})
    upload = files.get("file")
    data = upload.stream.read() if upload is not None else None
    return Form(fields={k: form[k] for k in form}, filename=upload.filename if upload else None,
                data=data)


def _in_memory(total_content_length=None, content_type=None, filename=None,
               content_length=None) -> io.BytesIO:
    return io.BytesIO()


class _Refused(ApiProblem):
    """A validation answer built elsewhere, raised from here."""

    def __init__(self, response):
        body = response.get_json()
        super().__init__(response.status_code, body["detail"],
                         slug=body["type"].rsplit("/", 1)[-1], errors=body.get("errors"))
