"""A mapper that seals a claim's personal data with the claim's own key before storing.

Names, phones, e-mails and free texts are sealed field by field; ids, categories,
channels, amounts and times stay readable for statistics. A claim's snapshots are sealed
whole. Once the key is destroyed the claim still loads, with placeholders in those fields.
"""
from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from casemgmt.domain.claim import CLAIM_TOPIC

from .keystore import KeyStore
from .sealing import Sealer

FEEDBACK_TOPIC = "casemgmt.domain.surprise_delight:SurpriseDelightRound.FeedbackRecorded"
SNAPSHOT_TOPIC = "eventsourcing.domain:Snapshot"
# Free texts may hold anything the customer or staff wrote: treat them all as personal.
TEXT_FIELDS = {"summary": "", "description": "", "message": "", "text": "", "details": "",
               "evidence": [], "comment": "", "reason": "", "note": "", "question": "",
               "rationale": "", "filename": ""}
CUSTOMER_FIELDS = {"name": "", "phone": None, "email": None}


class SnapshotKeyDestroyed(Exception):
    """Raised when a claim snapshot's key is gone; erasure deletes such snapshots."""


class PersonalDataMapper(Mapper):
    def __init__(self, *args: Any, keys: KeyStore, unseal: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.keys = keys
        self.sealer = Sealer(keys)
        # unseal=False leaves personal fields sealed on the way out: for readers, such as
        # the projection runner, that copy them somewhere but never need them in clear.
        self.unseal = unseal

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        topic = get_topic(type(domain_event))
        state = dict(vars(domain_event))
        if topic.startswith(CLAIM_TOPIC + "."):
            claim_id = str(state["originator_id"])
            cipher = self.keys.cipher(claim_id)
            if cipher is None and isinstance(state.get("customer"), dict):
                self.keys.create(claim_id, state["customer"]["id"])
                cipher = self.keys.cipher(claim_id)
            state = self._sealed_fields(claim_id, state, cipher)
        elif topic == FEEDBACK_TOPIC:
            state = self._sealed_fields(state["claim_id"], state, None)
        elif topic == SNAPSHOT_TOPIC and state.get("topic") == CLAIM_TOPIC:
            state["state"] = self._seal_snapshot(str(state["originator_id"]), state["state"])
        clone = object.__new__(type(domain_event))
        object.__setattr__(clone, "__dict__", state)
        return super().to_stored_event(clone)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        topic = stored_event.topic
        state = vars(event)
        if not self.unseal and topic != SNAPSHOT_TOPIC:
            return event
        if topic.startswith(CLAIM_TOPIC + "."):
            self._unsealed_fields(str(stored_event.originator_id), state)
        elif topic == FEEDBACK_TOPIC:
            self._unsealed_fields(state["claim_id"], state)
        elif topic == SNAPSHOT_TOPIC and state.get("topic") == CLAIM_TOPIC:
            state["state"] = self._unseal_snapshot(str(stored_event.originator_id), state["state"])
        return event

    def event_state(self, stored_event: StoredEvent,
                    claim_id: str | None = None) -> dict[str, Any]:
        """A claim event's stored fields, decoded and unsealed, without making the event: for
        readers that only show the fields (the audit feed makes 500 a page). `claim_id` is
        the originator id as text, when the caller has it already."""
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        fields = self.transcoder.decode(state)
        if self.unseal and stored_event.topic.startswith(CLAIM_TOPIC + "."):
            self._unsealed_fields(claim_id or str(stored_event.originator_id), fields)
        return fields

    # -- fields --------------------------------------------------------------------------

    def _sealed_fields(self, claim_id: str, state: dict, cipher: AESGCM | None) -> dict:
        sealed = dict(state)
        for name in TEXT_FIELDS:
            if name in sealed:
                sealed[name] = self.sealer.seal(claim_id, sealed[name], cipher)
        if isinstance(sealed.get("customer"), dict):
            customer = dict(sealed["customer"])
            for name in CUSTOMER_FIELDS:
                customer[name] = self.sealer.seal(claim_id, customer.get(name), cipher)
            sealed["customer"] = customer
        return sealed

    def _unsealed_fields(self, claim_id: str, state: dict) -> None:
        for name in [name for name in state if name in TEXT_FIELDS]:  # events have few fields
            state[name] = self.sealer.unseal(claim_id, state[name], like=TEXT_FIELDS[name])
        if isinstance(state.get("customer"), dict):
            for name, like in CUSTOMER_FIELDS.items():
                state["customer"][name] = self.sealer.unseal(claim_id, state["customer"].get(name),
                                                             like=like)

    # -- snapshots -----------------------------------------------------------------------

    def _seal_snapshot(self, claim_id: str, aggregate_state: dict) -> str:
        cipher = self.keys.cipher(claim_id)
        if cipher is None:
            raise SnapshotKeyDestroyed(claim_id)
        nonce = os.urandom(12)
        sealed = cipher.encrypt(nonce, self.transcoder.encode(aggregate_state), claim_id.encode())
        return base64.b64encode(nonce + sealed).decode("ascii")

    def _unseal_snapshot(self, claim_id: str, sealed: Any) -> dict:
        if isinstance(sealed, dict):
            return sealed  # written before sealing was switched on
        cipher = self.keys.cipher(claim_id)
        if cipher is None:
            raise SnapshotKeyDestroyed(claim_id)
        opened = self.keys.opened.get(claim_id, sealed)
        if opened is not None:
            return opened
        raw = base64.b64decode(sealed)
        plain = cipher.decrypt(raw[:12], raw[12:], claim_id.encode())
        return self.keys.opened.keep(claim_id, sealed, self.transcoder.decode(plain), len(plain))
