"""Keyset pagination of a view: rows in key order after the last key the client saw.

A page costs the same however deep it is, and rows added meanwhile neither repeat nor vanish
(an OFFSET would do both)."""
from __future__ import annotations

from typing import Any, Sequence


def keyset_query(select: str, where: Sequence[str], params: Sequence[Any], *,
                 key: tuple[str, str], after: tuple[Any, Any] | None,
                 limit: int) -> tuple[str, list[Any]]:
    """(sql, params) of `select` filtered by `where` (its `params` in order), in `key` order,
    at most `limit` rows after the key `after` (None: from the first)."""
    where, params = list(where), list(params)
    if after is not None:
        where.append(f"({key[0]}, {key[1]}) > (%s, %s)")
        params.extend(after)
    sql = (select + (f" WHERE {' AND '.join(where)}" if where else "")
           + f" ORDER BY {key[0]}, {key[1]} LIMIT %s")
    return sql, [*params, limit]


RECEIVED = ("received_at", "claim_id")  # claims in the order they came in
