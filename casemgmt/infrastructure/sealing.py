"""Sealing a value with its claim's key: AES-GCM, bound to the claim id, as a tagged string."""
from __future__ import annotations

import base64
import json
import os
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .keystore import KeyStore

PREFIX = "pii:v1:"
ERASED = "[erased]"


class Sealer:
    def __init__(self, keys: KeyStore):
        self.keys = keys

    def seal(self, claim_id: str, value: Any, cipher: AESGCM | None = None) -> Any:
        """`cipher` is the claim's (keys.cipher), asked for once by a caller sealing several
        values of one event or row, so that they are sealed alike even if the key goes."""
        if value is None or is_sealed(value):
            return value
        cipher = cipher or self.keys.cipher(claim_id)
        if cipher is None:
            return erased(value)
        nonce = os.urandom(12)
        plaintext = json.dumps(value, ensure_ascii=False).encode("utf-8")
        sealed = cipher.encrypt(nonce, plaintext, claim_id.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def unseal(self, claim_id: str, value: Any, *, like: Any = "") -> Any:
        """The value, or a placeholder shaped like `like` once the key is gone."""
        if not isinstance(value, str) or not value.startswith(PREFIX):
            return value
        cipher = self.keys.cipher(claim_id)
        if cipher is None:
            return erased(like)
        raw = base64.b64decode(value[len(PREFIX):])
        try:
            return orjson.loads(cipher.decrypt(raw[:12], raw[12:], claim_id.encode()))
        except InvalidTag:
            return erased(like)


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def erased(like: Any) -> Any:
    if isinstance(like, list):
        return []
    if like is None:
        return None
    return ERASED
