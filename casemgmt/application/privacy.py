"""Destroying personal data (PIPA): erase a customer on request, or a claim past retention.

Destroying a claim's key makes its personal fields unreadable everywhere they are sealed
(events, snapshots, work-queue rows); what is derived from them and kept only as a cache is
dropped or rewritten here. Ids, categories, amounts and times stay, so claims still load,
statistics still count them and the audit chain (over stored bytes) verifies.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from casemgmt.domain.values import Actor

from .base import CaseApplication


class PrivacyUseCases(CaseApplication):
    # what else holds a destroyed claim's data (sealed files, vendor links): told to forget it
    destruction_hooks: list[Callable[[list[str]], None]]

    def erase_customer(self, customer_id: str, reason: str, by: Actor) -> dict[str, Any]:
        claims = self.keys.destroy_customer(customer_id)
        self._after_destruction(claims)
        erased_at = datetime.now(timezone.utc)
        self.shredder.record_erasure(customer_id, len(claims), reason, by.id, erased_at)
        return {"customer_id": customer_id, "claims_erased": len(claims), "erased_at": erased_at}

    def destroy_claim_data(self, claim_id: str, *, shred: bool = True) -> bool:
        """Destroy one claim's key; `shred=False` leaves shredding the files to the caller,
        who destroys many (retention shreds once per run)."""
        destroyed = self.keys.destroy_claim(claim_id)
        if destroyed:
            self._after_destruction([claim_id], shred=shred)
        return destroyed

    def _after_destruction(self, claim_ids: list[str], *, shred: bool = True) -> None:
        if not claim_ids:
            return
        # snapshots are sealed whole: without the key they would not open
        self.shredder.delete_snapshots(claim_ids)
        for forget in self.destruction_hooks:
            forget(claim_ids)
        self.idempotency.forget_claims(claim_ids)
        self.views.forget_folded(claim_ids)
        self.views.refresh_rows(self.get_claim(claim_id) for claim_id in claim_ids)
        if shred:
            self.shredder.shred()
