"""Ed25519 keys for audit anchors, and where anchors go: a file, a directory, a webhook.

The private key (PEM, PKCS#8) lives in a file only the anchoring process can read
(CASEMGMT_ANCHOR_KEY_FILE); its public key — which is all a verifier needs — is written
beside it by `casemgmt audit keygen` as FILE.pub.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

WEBHOOK_TIMEOUT = 10


class Ed25519Signer:
    """Signs with the private key when it has one; verifies with the public key."""

    def __init__(self, public: Ed25519PublicKey, private: Ed25519PrivateKey | None = None):
        self.public, self.private = public, private
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.fingerprint = "ed25519:" + hashlib.sha256(raw).hexdigest()[:32]

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Ed25519Signer:
        """A private key file signs and verifies; a public key file (.pub) only verifies."""
        data = Path(path).read_bytes()
        if b"PUBLIC KEY" in data:
            public = serialization.load_pem_public_key(data)
            if not isinstance(public, Ed25519PublicKey):
                raise ValueError(f"{path} is not an Ed25519 public key")
            return cls(public)
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return cls(private.public_key(), private)

    def sign(self, body: bytes) -> str:
        if self.private is None:
            raise ValueError("a public key verifies anchors; signing needs the private key")
        return base64.b64encode(self.private.sign(body)).decode("ascii")

    def verify(self, body: bytes, signature: str) -> bool:
        try:
            self.public.verify(base64.b64decode(signature), body)
        except (InvalidSignature, ValueError):
            return False
        return True


def generate_key(path: str | os.PathLike) -> tuple[Path, Path]:
    """A new private key at `path` (mode 0600) and its public key at `path`.pub."""
    private = Ed25519PrivateKey.generate()
    target = Path(path)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(private.private_bytes(serialization.Encoding.PEM,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()))
    public = target.with_name(target.name + ".pub")
    public.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return target, public


def anchor_signer(key_file: str | None) -> Ed25519Signer | None:
    return Ed25519Signer.from_file(key_file) if key_file else None


class DirectoryOutlet:
    """Each anchor as a new file in a directory (mount it from elsewhere, or ship it off)."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)

    def deliver(self, document: dict[str, Any]) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        return str(write_anchor(document, self.directory / anchor_file_name(document)))


class WebhookOutlet:
    def __init__(self, url: str):
        self.url = url

    def deliver(self, document: dict[str, Any]) -> str:
        post_anchor(document, self.url)
        return self.url


def outlets(directory: str | None, webhook: str | None) -> list[Any]:
    return ([DirectoryOutlet(directory)] if directory else []) + (
        [WebhookOutlet(webhook)] if webhook else [])


def write_anchor(document: dict[str, Any], path: str | os.PathLike) -> Path:
    target = Path(path)
    target.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    return target


def anchor_file_name(document: dict[str, Any]) -> str:
    moment = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"anchor-{moment}-{document['position']}.json"


def post_anchor(document: dict[str, Any], url: str) -> int:
    """POST the document as JSON; returns the answer's status (raises on a failure)."""
    request = urllib.request.Request(url, data=json.dumps(document, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json"},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as answer:  # noqa: S310
        return answer.status


def read_anchor(path: str | os.PathLike) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
