"""Anchoring the audit chain outside the database, and checking the event store against it.

`anchor()` signs a digest of every claim's chain as the audit trail records it (heads,
per-version digests, the log position, a Merkle root: domain/audit_anchor.py), keeps a copy
in the database (for history reads and rebuilds) and hands the document to an outlet (a file,
a webhook) — somewhere the database's holders cannot rewrite. Before signing, the trail must
still agree with the last anchor: a trail rewritten between two anchors is refused, not
blessed. `verify(document)` recomputes every chain from the EVENT STORE (never from the
trail) and names each claim, and the version, that differs.

The signature is Ed25519 (infrastructure/anchor_signing.py): an anchor verifies with the
public key alone, so auditors and other systems can check it without any secret of ours.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Iterator, Protocol

from casemgmt.domain.audit_anchor import (
    AnchoredClaim, Finding, StoredRecord, anchored, chain, check_claim, merkle_root,
)
from casemgmt.domain.claim import CLAIM_TOPIC

log = logging.getLogger("casemgmt.anchoring")
FORMAT = "casemgmt-audit-anchor/1"
CLAIM_PREFIX = CLAIM_TOPIC + "."
BATCH = 2_000


class AnchorInvalid(Exception):
    """Raised when an anchor document is malformed or its signature does not verify."""


class AnchorRefused(Exception):
    """Raised when the trail no longer agrees with the last anchor: signing it would bless
    whatever was changed since."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} claims differ from the last anchor")
        self.findings = findings


class AnchorStore(Protocol):
    def trail(self) -> tuple[int, dict[str, list[tuple[int, str]]]]:
        """(the trail's position, {claim id: [(version, hash)...]}) as of that position."""

    def record(self, document: dict[str, Any], digest: str,
               changed: dict[str, AnchoredClaim]) -> None: ...

    def last(self) -> dict[str, Any] | None: ...

    def anchored_head(self, claim_id: str) -> tuple[int, str] | None: ...


class AnchorOutlet(Protocol):
    def deliver(self, document: dict[str, Any]) -> str:
        """Put the document somewhere outside; returns where (raises on a failure)."""


class AnchorSigner(Protocol):
    fingerprint: str

    def sign(self, body: bytes) -> str: ...

    def verify(self, body: bytes, signature: str) -> bool: ...


@dataclass(frozen=True)
class Verdict:
    created_at: str
    position: int
    claims: int
    findings: list[Finding]

    @property
    def verified(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {"verified": self.verified, "anchor": {"created_at": self.created_at,
                "position": self.position, "claims": self.claims},
                "findings": [asdict(f) for f in self.findings]}


class AuditAnchoring:
    def __init__(self, log: Any, store: AnchorStore, signer: AnchorSigner | None,
                 outlets: list[AnchorOutlet] | None = None):
        self.log = log  # the event store: recorder.select_notifications(...)
        self.store = store
        self.signer = signer
        self.outlets = outlets or []

    def run(self, now: datetime) -> dict[str, Any]:
        """The daily job: anchor, and deliver to every configured outlet."""
        if self.signer is None:
            return {"skipped": "no CASEMGMT_ANCHOR_KEY_FILE"}
        try:
            document = self.anchor(now)
        except AnchorRefused as refused:
            for finding in refused.findings:
                log.error("audit anchor refused: claim %s version %s %s", finding.claim_id,
                          finding.version, finding.kind)
            raise
        delivered, failed = [], []
        for outlet in self.outlets:
            try:
                delivered.append(outlet.deliver(document))
            except Exception as error:  # the next run delivers a newer one; say it failed
                log.error("audit anchor not delivered to %s: %s", type(outlet).__name__,
                          type(error).__name__)
                failed.append(type(outlet).__name__)
        return {"position": document["position"], "claims": len(document["claims"]),
                "merkle_root": document["merkle_root"], "delivered_to": delivered,
                "failed": failed}

    # -- anchoring -----------------------------------------------------------------------

    def anchor(self, now: datetime) -> dict[str, Any]:
        """Sign and keep a new anchor of the trail as it stands; returns the document."""
        signer = self._signer()
        position, trail = self.store.trail()
        claims = {claim_id: anchored(entries) for claim_id, entries in trail.items()}
        last = self.store.last()
        if last is not None:
            self._still_agrees(last, claims)
        body = {"format": FORMAT, "created_at": now.isoformat(), "position": position,
                "events": sum(c.version for c in claims.values()),
                "merkle_root": merkle_root(claims), "signer": signer.fingerprint,
                "previous": digest_of(last) if last else None,
                "claims": {k: [c.version, c.head, c.digests] for k, c in sorted(claims.items())}}
        document = {**body, "signature": signer.sign(canonical(body))}
        self.store.record(document, digest_of(document), self._changed(last, claims))
        return document

    def _still_agrees(self, last: dict[str, Any], now: dict[str, AnchoredClaim]) -> None:
        self.check_signature(last)
        findings = []
        for claim_id, before in claims_of(last).items():
            current = now.get(claim_id)
            if current is None or current.version < before.version:
                findings.append(Finding(claim_id, before.version, "truncated",
                                        "the trail no longer reaches the anchored version"))
            elif not current.digests.startswith(before.digests):
                first = next(v for v in range(1, before.version + 1)
                             if current.digest_at(v) != before.digest_at(v))
                findings.append(Finding(claim_id, first, "edited",
                                        "the trail differs from the last anchor here"))
        if findings:
            raise AnchorRefused(findings)

    @staticmethod
    def _changed(last: dict[str, Any] | None,
                 claims: dict[str, AnchoredClaim]) -> dict[str, AnchoredClaim]:
        before = claims_of(last) if last else {}
        return {k: c for k, c in claims.items() if before.get(k) != c}

    # -- verifying -----------------------------------------------------------------------

    def check_signature(self, document: dict[str, Any], *, signed: bool = True) -> None:
        body = {k: v for k, v in document.items() if k != "signature"}
        if document.get("format") != FORMAT or "signature" not in document:
            raise AnchorInvalid("not a casemgmt audit anchor")
        if merkle_root(claims_of(document)) != document.get("merkle_root"):
            raise AnchorInvalid("the claims do not hash to the anchor's Merkle root")
        if signed and not self._signer().verify(canonical(body), document["signature"]):
            raise AnchorInvalid("the signature does not verify with this public key")

    def verify(self, document: dict[str, Any], *, signed: bool = True) -> Verdict:
        """Check the event store against a signed anchor: every claim, every version
        (`signed=False`: without checking the signature, for want of the key)."""
        self.check_signature(document, signed=signed)
        claims = claims_of(document)
        stored = self.stored_records(int(document["position"]))
        findings = [f for claim_id in sorted(set(claims) | set(stored))
                    if (f := check_claim(claim_id, claims.get(claim_id),
                                         stored.get(claim_id, []))) is not None]
        return Verdict(document["created_at"], int(document["position"]), len(claims), findings)

    def verify_last(self) -> Verdict | None:
        """The event store against the last anchor kept in the database (after a rebuild);
        its signature is checked when this process has the key."""
        last = self.store.last()
        return self.verify(last, signed=self.signer is not None) if last is not None else None

    def stored_records(self, position: int) -> dict[str, list[StoredRecord]]:
        by_claim: dict[str, list[StoredRecord]] = {}
        for n in self._notifications(position):
            if n.topic.startswith(CLAIM_PREFIX):
                by_claim.setdefault(str(n.originator_id), []).append(
                    StoredRecord(n.originator_version, n.topic, n.state))
        return by_claim

    def _notifications(self, position: int) -> Iterator[Any]:
        start = 1
        while start <= position:
            batch = self.log.recorder.select_notifications(start, BATCH, stop=position)
            if not batch:
                return
            yield from batch
            start = batch[-1].id + 1

    def matches_anchor(self, claim_id: str, records: list[Any]) -> bool | None:
        """For a claim's history: does its stored chain reach the anchored head? None when
        no anchor has seen the claim yet."""
        head = self.store.anchored_head(claim_id)
        if head is None:
            return None
        version, hash_ = head
        stored = [StoredRecord(r.originator_version, r.topic, r.state) for r in records]
        if [r.version for r in stored[:version]] != list(range(1, version + 1)):
            return False
        return chain(claim_id, stored[:version])[-1] == hash_

    def _signer(self) -> AnchorSigner:
        if self.signer is None:
            raise AnchorInvalid("no anchor key: set CASEMGMT_ANCHOR_KEY_FILE (made by"
                                " `casemgmt audit keygen`)")
        return self.signer


def claims_of(document: dict[str, Any]) -> dict[str, AnchoredClaim]:
    try:
        return {claim_id: AnchoredClaim(int(v), str(head), str(digests))
                for claim_id, (v, head, digests) in document["claims"].items()}
    except (KeyError, TypeError, ValueError) as error:
        raise AnchorInvalid(f"malformed claims: {type(error).__name__}") from None


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()
