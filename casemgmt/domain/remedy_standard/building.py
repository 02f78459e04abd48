"""Building the tables from rows as read from their files, checking every row on the way: unknown
or missing fields, a formula kind that does not exist, inputs a formula does not take, editions
that overlap or leave a gap, a row citing an unknown item or edition. The first problem stops the
build with a StandardTableError naming the file and the row."""
from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType
from typing import Any, Iterable

from .errors import StandardTableError
from .model import CONFIDENCE, Edition, InputSpec, Item, Period, StandardTables, UsefulLife
from .rows import Fields, RawRow, known_item, versioning
from .rule_rows import rule_row

TABLES = ("editions", "items", "inputs", "rules", "warranty_parts", "useful_life")


def build_tables(rows: Iterable[RawRow]) -> StandardTables:
    by_table: dict[str, list[RawRow]] = {table: [] for table in TABLES}
    for row in rows:
        if row.table not in by_table:
            raise StandardTableError(f"{row.file}: unknown table {row.table!r} "
                                     f"(tables: {', '.join(TABLES)})")
        by_table[row.table].append(row)
    if not by_table["editions"]:
        raise StandardTableError("no edition rows in any table file: nothing could be cited")
    items = _unique(_item(row) for row in by_table["items"])
    inputs = _unique(_input(row) for row in by_table["inputs"])
    editions = _editions(by_table["editions"], items)
    order = {edition.id: position for position, edition in enumerate(editions)}
    rules = _versions((rule_row(row, order, items, inputs) for row in by_table["rules"]), order)
    periods = _versions((_period(row, order, items) for row in by_table["warranty_parts"]), order)
    lives = _versions((_useful_life(row, order, items) for row in by_table["useful_life"]), order)
    return StandardTables(editions=tuple(editions), items=MappingProxyType(items),
                          inputs=MappingProxyType(inputs), rules=tuple(rules),
                          periods=tuple(periods), useful_lives=tuple(lives))


def _unique(pairs: Iterable[tuple[Fields, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for fields, value in pairs:
        key = getattr(value, "id", None) or value.name
        if key in found:
            fields.fail(f"{key!r} is listed twice")
        found[key] = value
    return found


def _item(row: RawRow) -> tuple[Fields, Item]:
    f = Fields(row, ("id", "name_ko", "source", "confidence"), ("industry_ko", "names", "note_ko"))
    return f, Item(id=f.text("id"), name_ko=f.text("name_ko"), source=f.text("source"),
                   confidence=f.choice("confidence", CONFIDENCE),
                   industry_ko=f.text("industry_ko", optional=True), names=f.text_list("names"),
                   note_ko=f.text("note_ko", optional=True))


def _input(row: RawRow) -> tuple[Fields, InputSpec]:
    f = Fields(row, ("id", "label_ko", "unit"), ("description_ko",))
    name, unit = f.text("id"), f.text("unit")
    if not name.isascii() or not name.replace("_", "").isalnum() or name != name.lower():
        f.fail("an input name is lower_snake_case ascii")
    if name.endswith("_krw") != (unit == "원"):
        f.fail("money inputs (unit 원) and only they end in _krw")
    return f, InputSpec(name=name, label_ko=f.text("label_ko"), unit=unit,
                        description_ko=f.text("description_ko", optional=True))


def _editions(rows: list[RawRow], items: dict[str, Item]) -> list[Edition]:
    parsed = [_edition(row, items) for row in rows]
    _unique((f, edition) for f, edition in parsed)
    parsed.sort(key=lambda pair: pair[1].effective_from)
    for (_, before), (f, after) in zip(parsed, parsed[1:]):
        if before.effective_to is None or before.effective_to >= after.effective_from:
            f.fail(f"starts on {after.effective_from} while edition {before.id} is still in force")
        if before.effective_to + timedelta(days=1) != after.effective_from:
            f.fail(f"starts on {after.effective_from}, leaving a gap after edition {before.id} "
                   f"(in force until {before.effective_to})")
    return [edition for _, edition in parsed]


def _edition(row: RawRow, items: dict[str, Item]) -> tuple[Fields, Edition]:
    f = Fields(row, ("id", "notice", "effective_from", "source", "confidence"),
               ("effective_to", "note_ko", "unverified_items"))
    start, end = f.day("effective_from"), f.day("effective_to", optional=True)
    if end is not None and end < start:
        f.fail(f"effective_to {end} is before effective_from {start}")
    unverified = f.text_list("unverified_items")
    for item in unverified:
        if item not in items:
            f.fail(f"unverified_items names an unknown item {item!r}")
    return f, Edition(id=f.text("id"), notice=f.text("notice"), effective_from=start,
                      effective_to=end, source=f.text("source"),
                      confidence=f.choice("confidence", CONFIDENCE),
                      note_ko=f.text("note_ko", optional=True),
                      unverified_items=frozenset(unverified))


def _period(row: RawRow, editions: dict[str, int], items: dict[str, Item]) -> tuple[Fields, Period]:
    f = Fields(row, ("item", "product_ko", "since", "source", "confidence"),
               ("part_ko", "warranty_months", "parts_years", "until", "note_ko"))
    warranty = f.whole("warranty_months", optional=True)
    parts = f.whole("parts_years", optional=True)
    if warranty is None and parts is None:
        f.fail("a period row gives warranty_months, parts_years or both")
    return f, Period(**versioning(f, editions), item=known_item(f, items),
                     product_ko=f.text("product_ko"), part_ko=f.text("part_ko", optional=True),
                     warranty_months=warranty, parts_years=parts, source=f.text("source"),
                     confidence=f.choice("confidence", CONFIDENCE),
                     note_ko=f.text("note_ko", optional=True))


def _useful_life(row: RawRow, editions: dict[str, int],
                 items: dict[str, Item]) -> tuple[Fields, UsefulLife]:
    f = Fields(row, ("item", "product_ko", "years", "since", "source", "confidence"),
               ("until", "note_ko"))
    years = f.whole("years")
    if years == 0:
        f.fail("a useful life is at least one year")
    return f, UsefulLife(**versioning(f, editions), item=known_item(f, items),
                         product_ko=f.text("product_ko"), years=years, source=f.text("source"),
                         confidence=f.choice("confidence", CONFIDENCE),
                         note_ko=f.text("note_ko", optional=True))


def _versions(pairs: Iterable[tuple[Fields, Any]], order: dict[str, int]) -> list[Any]:
    """Two rows with the same key starting in the same edition would both be in force."""
    seen: set[tuple[Any, str]] = set()
    rows = []
    for f, row in pairs:
        if (row.key, row.since) in seen:
            f.fail(f"a second row for {row.key!r} starting in edition {row.since}")
        if row.until is not None and order[row.until] <= order[row.since]:
            f.fail(f"until {row.until} is not after since {row.since}")
        seen.add((row.key, row.since))
        rows.append(row)
    return rows
