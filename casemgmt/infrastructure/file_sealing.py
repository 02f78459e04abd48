"""Sealing evidence files with their claim's data key: AES-256-GCM, bound to the claim and
attachment ids, so a file cannot be read without the key, altered without notice, or passed
off as another attachment's."""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casemgmt.application.evidence_ports import ClaimDataErased, FileIntegrityError

from .keystore import KeyStore

MAGIC = b"cmf1"  # format version: magic, 12-byte nonce, ciphertext with its 16-byte tag


class FileSealer:
    def __init__(self, keys: KeyStore):
        self.keys = keys

    def seal(self, claim_id: str, attachment_id: str, data: bytes) -> bytes:
        nonce = os.urandom(12)
        sealed = AESGCM(self._key(claim_id)).encrypt(nonce, data, _bound(claim_id, attachment_id))
        return MAGIC + nonce + sealed

    def open(self, claim_id: str, attachment_id: str, sealed: bytes | None) -> bytes:
        key = self._key(claim_id)  # first: after erasure the row is gone too, and that is 410
        if sealed is None:
            raise FileIntegrityError(f"{claim_id}/{attachment_id}: missing")
        if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + 12 + 16:
            raise FileIntegrityError(f"{claim_id}/{attachment_id}: not a sealed file")
        nonce, body = sealed[len(MAGIC):len(MAGIC) + 12], sealed[len(MAGIC) + 12:]
        try:
            return AESGCM(key).decrypt(nonce, body, _bound(claim_id, attachment_id))
        except InvalidTag:
            raise FileIntegrityError(f"{claim_id}/{attachment_id}: tag mismatch") from None

    def _key(self, claim_id: str) -> bytes:
        key = self.keys.key(claim_id)
        if key is None:
            raise ClaimDataErased(claim_id)
        return key


def _bound(claim_id: str, attachment_id: str) -> bytes:
    return f"file\x1f{claim_id}\x1f{attachment_id}".encode("utf-8")
