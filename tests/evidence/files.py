"""Files to upload, made here byte by byte (no fixtures on disk): a real PNG, a JPEG, an M4A,
a PDF, a Windows program, and text; plus the HTTP helpers for multipart and vendor calls."""
from __future__ import annotations

import hashlib
import io
import struct
import zlib
from typing import Any

from tests.http import CLAIMS

VENDOR = "/api/v1/vendor/fact-checks"


def png(note: str = "휴업 안내문", width: int = 4, height: int = 3) -> bytes:
    """A valid PNG whose tEXt chunk carries `note` (so two PNGs differ, and a canary can hide)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + bytes([200, 30, 30] * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + note.encode("utf-8"))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 64 + b"\xff\xd9"
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(api, claim_id: str, data: bytes, filename: str = "사진.png", by=None, *,
           content_type: str = "application/octet-stream", headers: dict | None = None,
           **fields: Any):
    """POST the file as multipart/form-data, as a browser's FormData would."""
    form = {name: value for name, value in fields.items() if value is not None}
    form["file"] = (io.BytesIO(data), filename, content_type)
    return api.client.post(f"{CLAIMS}/{claim_id}/attachments", data=form,
                           content_type="multipart/form-data",
                           headers={**(by or api.team.agent).auth, **(headers or {})})


def download(api, claim_id: str, attachment_id: str, by=None):
    return api.get(f"{CLAIMS}/{claim_id}/attachments/{attachment_id}", by or api.team.agent)


def vendor_get(api, token: str, fact_check_id: str = "fc-1", path: str = ""):
    return api.client.get(f"{VENDOR}/{fact_check_id}{path}",
                          headers={"Authorization": f"Bearer {token}"})


def vendor_post(api, token: str, path: str, body: Any, fact_check_id: str = "fc-1",
                headers: dict | None = None):
    return api.client.post(f"{VENDOR}/{fact_check_id}{path}", json=body,
                           headers={"Authorization": f"Bearer {token}", **(headers or {})})


def vendor_upload(api, token: str, data: bytes, filename: str = "영수증.png",
                  fact_check_id: str = "fc-1", **fields: Any):
    form = {name: value for name, value in fields.items() if value is not None}
    form["file"] = (io.BytesIO(data), filename, "application/octet-stream")
    return api.client.post(f"{VENDOR}/{fact_check_id}/attachments", data=form,
                           content_type="multipart/form-data",
                           headers={"Authorization": f"Bearer {token}"})


def stored_file_rows(services) -> list[tuple[str, str]]:
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id, attachment_id FROM claim_files ORDER BY claim_id")
        return [tuple(row) for row in cur.fetchall()]
