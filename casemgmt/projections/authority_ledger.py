"""The authority ledger: every amount granted under someone's discretionary authority.

A decision citing the remedy standard counts only the amount above the standard
(`counted_krw`); the ledger's totals add what counted, and keep the whole amount beside it."""
from __future__ import annotations

from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.standard_citation import counted_against_authority
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import Cursor

from .base import Item

GRANTING_EVENTS = {"DecisionProposed", "DecisionApproved"}
COUNTED = "COALESCE(counted_krw, amount_krw)"  # rows from before the column: all of it counted


class AuthorityLedgerView:
    name = "authority_ledger"
    fingerprint = "authority_ledger/2"  # 2: counted_krw and standard_krw (the remedy standard)

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        rows = []
        for item in items:
            if item.claim is None or item.type_name not in GRANTING_EVENTS:
                continue
            event = item.event
            if item.type_name == "DecisionProposed":
                if event.status != "approved":
                    continue  # pending: granted only when a supervisor approves it
                proposed_by, granted = event.by, _granted(event.remedy, event.amount_krw,
                                                          event.cited_standard())
            else:
                decision = item.claim.decision(event.decision_id)
                proposed_by, granted = decision.proposed_by, _granted(
                    decision.remedy, decision.amount_krw, decision.standard)
            rows.append((item.originator_id, event.decision_id, event.by, proposed_by, *granted,
                         event.at, event.at.astimezone(SEOUL).strftime("%Y-%m")))
        cur.executemany("INSERT INTO authority_grants (claim_id, decision_id, granted_by,"
                        " proposed_by, remedy, amount_krw, standard_krw, counted_krw, granted_at,"
                        " month) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM authority_grants")


def _granted(remedy: str, amount: int, standard: dict | None) -> tuple[str, int, int | None, int]:
    """(remedy, whole amount, the standard's amount or None, what counted against authority)"""
    standard_krw = None if standard is None else standard["amount_krw"]
    return remedy, amount, standard_krw, counted_against_authority(amount, standard_krw)


def granted_in_month(db: Database, staff_id: str, month: str) -> tuple[int, int]:
    """(sum of won, number of decisions) granted under this staff member's authority."""
    with db.transaction(write=False) as cur:
        cur.execute(f"SELECT COALESCE(SUM({COUNTED}), 0), COUNT(*) FROM authority_grants"
                    " WHERE granted_by = %s AND month = %s", (staff_id, month))
        total, count = cur.fetchone()
    return int(total), int(count)


def ledger_of_month(db: Database, month: str) -> dict[str, tuple[int, int]]:
    """Everyone who granted under their authority in the month: staff id → (won, decisions)."""
    with db.transaction(write=False) as cur:
        cur.execute(f"SELECT granted_by, COALESCE(SUM({COUNTED}), 0), COUNT(*)"
                    " FROM authority_grants WHERE month = %s GROUP BY granted_by", (month,))
        return {staff_id: (int(total), int(count)) for staff_id, total, count in cur.fetchall()}
