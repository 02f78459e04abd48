"""The authority ledger: every amount granted under someone's discretionary authority."""
from __future__ import annotations

from casemgmt.domain.calendar import SEOUL
from casemgmt.infrastructure.database import Cursor, Database

from .base import Item

GRANTING_EVENTS = {"DecisionProposed", "DecisionApproved"}


class AuthorityLedgerView:
    name = "authority_ledger"
    fingerprint = "authority_ledger/1"

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        rows = []
        for item in items:
            if item.claim is None or item.type_name not in GRANTING_EVENTS:
                continue
            event = item.event
            if item.type_name == "DecisionProposed":
                if event.status != "approved":
                    continue  # pending: granted only when a supervisor approves it
                proposed_by, amount, remedy = event.by, event.amount_krw, event.remedy
            else:
                decision = item.claim.decision(event.decision_id)
                proposed_by, amount, remedy = decision.proposed_by, decision.amount_krw, decision.remedy
            rows.append((item.originator_id, event.decision_id, event.by, proposed_by, remedy,
                         amount, event.at, event.at.astimezone(SEOUL).strftime("%Y-%m")))
        cur.executemany("INSERT INTO authority_grants (claim_id, decision_id, granted_by,"
                        " proposed_by, remedy, amount_krw, granted_at, month)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM authority_grants")


def granted_in_month(db: Database, staff_id: str, month: str) -> tuple[int, int]:
    """(sum of won, number of decisions) granted under this staff member's authority."""
    with db.transaction(write=False) as cur:
        cur.execute("SELECT COALESCE(SUM(amount_krw), 0), COUNT(*) FROM authority_grants"
                    " WHERE granted_by = %s AND month = %s", (staff_id, month))
        total, count = cur.fetchone()
    return int(total), int(count)


def ledger_of_month(db: Database, month: str) -> dict[str, tuple[int, int]]:
    """Everyone who granted under their authority in the month: staff id → (won, decisions)."""
    with db.transaction(write=False) as cur:
        cur.execute("SELECT granted_by, COALESCE(SUM(amount_krw), 0), COUNT(*)"
                    " FROM authority_grants WHERE month = %s GROUP BY granted_by", (month,))
        return {staff_id: (int(total), int(count)) for staff_id, total, count in cur.fetchall()}
