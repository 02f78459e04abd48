"""Reading one row of a table: the fields it may and must have, each checked for its type, and
a message that names the file and the row when something is wrong."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, NoReturn

from .errors import StandardTableError
from .model import Item


@dataclass(frozen=True)
class RawRow:
    """A row as a file holds it: which file, which table, its place there (from 1), its data."""

    file: str
    table: str
    index: int
    data: Any


class Fields:
    """One row's fields, checked: no unknown key, no missing one, each of the right type."""

    NOUNS = {"editions": "edition", "items": "item", "inputs": "input", "rules": "rule"}

    def __init__(self, row: RawRow, required: Iterable[str], optional: Iterable[str] = ()):
        self.row, self.where = row, self._where(row)
        if not isinstance(row.data, dict):
            self.fail(f"a row must be a mapping of fields, not {type(row.data).__name__}")
        self.data = row.data
        required, allowed = set(required), set(required) | set(optional)
        for key in self.data:
            if key not in allowed:
                self.fail(f"unknown field {key!r} (fields: {', '.join(sorted(allowed))})")
        for key in sorted(required - self.data.keys()):
            self.fail(f"missing field {key!r}")

    @classmethod
    def _where(cls, row: RawRow) -> str:
        ident = row.data.get("id") if isinstance(row.data, dict) else None
        if row.table in cls.NOUNS and isinstance(ident, str):
            return f"{row.file}, {cls.NOUNS[row.table]} {ident}"
        return f"{row.file}, {row.table} row {row.index}"

    def fail(self, message: str) -> NoReturn:
        raise StandardTableError(f"{self.where}: {message}")

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key} must be text (quote numbers such as '9.11'), not {value!r}")
        return value

    def whole(self, key: str, *, optional: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"{key} must be a whole number, not {value!r}")
        return value

    def day(self, key: str, *, optional: bool = False) -> date | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                self.fail(f"{key} must be a date (YYYY-MM-DD), not {value!r}")
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(f"{key} must be a date (YYYY-MM-DD), not {value!r}")
        return value

    def choice(self, key: str, choices: Iterable[str]) -> str:
        value, options = self.data.get(key), tuple(choices)
        if value not in options:
            self.fail(f"{key} must be one of {', '.join(options)}, not {value!r}")
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(f"{key} must be a list of text")
        return tuple(value)


def versioning(f: Fields, editions: Iterable[str]) -> dict[str, Any]:
    since, until = f.text("since"), f.text("until", optional=True)
    for key, value in (("since", since), ("until", until)):
        if value is not None and value not in editions:
            f.fail(f"{key} names an unknown edition {value!r}")
    return {"since": since, "until": until}


def known_item(f: Fields, items: dict[str, Item]) -> str:
    item = f.text("item")
    if item not in items:
        f.fail(f"cites an unknown item {item!r}")
    return item
