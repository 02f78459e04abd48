"""Staff as a list, for picking an assignee: role, authority limit and token validity.

Names are not copied here (the staff aggregates hold them; a page of staff reads them from
there), nor are tokens' hashes: a token row keeps only what says whether it still admits its
holder — its generation, issue and expiry times, and whether it was revoked.
"""
from __future__ import annotations

from typing import Any

from casemgmt.infrastructure.sql import Cursor

from .base import Item

MEMBER = "casemgmt.domain.staff:StaffMember."
TOKEN = "casemgmt.domain.staff:StaffToken."


class StaffDirectoryView:
    name = "staff_directory"
    fingerprint = "staff_directory/1"

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        for item in items:
            if item.event is None:
                continue
            if item.topic.startswith(MEMBER):
                self._member(cur, item.type_name, item.originator_id, item.event)
            elif item.topic.startswith(TOKEN):
                self._token(cur, item.type_name, item.originator_id, item.event)

    def _member(self, cur: Cursor, kind: str, staff_id: str, event: Any) -> None:
        if kind == "Registered":
            cur.execute("INSERT INTO staff_directory (staff_id, role, authority_limit,"
                        " registered_at, token_generation) VALUES (%s, %s, %s, %s, 0)"
                        " ON CONFLICT (staff_id) DO NOTHING",
                        (staff_id, event.role, event.authority_limit, event.at))
        elif kind == "RoleChanged":
            cur.execute("UPDATE staff_directory SET role = %s WHERE staff_id = %s",
                        (event.role, staff_id))
        elif kind == "AuthorityLimitChanged":
            cur.execute("UPDATE staff_directory SET authority_limit = %s WHERE staff_id = %s",
                        (event.authority_limit, staff_id))
        elif kind == "TokensRevoked":
            cur.execute("UPDATE staff_directory SET token_generation = token_generation + 1"
                        " WHERE staff_id = %s", (staff_id,))

    def _token(self, cur: Cursor, kind: str, token_id: str, event: Any) -> None:
        if kind == "Issued":
            # Tokens issued before expiry and revocation existed carry neither field.
            cur.execute("INSERT INTO staff_tokens (token_id, staff_id, generation, issued_at,"
                        " expires_at) VALUES (%s, %s, %s, %s, %s)"
                        " ON CONFLICT (token_id) DO NOTHING",
                        (token_id, event.staff_id, getattr(event, "generation", 0), event.at,
                         getattr(event, "expires_at", None)))
        elif kind == "Revoked":
            cur.execute("UPDATE staff_tokens SET revoked_at = %s WHERE token_id = %s",
                        (event.at, token_id))

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM staff_directory")
        cur.execute("DELETE FROM staff_tokens")
