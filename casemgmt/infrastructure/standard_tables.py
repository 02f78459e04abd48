"""Reading the remedy standard's tables from the YAML files shipped in
casemgmt/tables/remedy_standard; the rows are checked and built by the domain, and any problem
(bad YAML included) is a StandardTableError naming the file and the row or line."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from casemgmt.domain.remedy_standard import RawRow, StandardTableError, StandardTables, build_tables

SHIPPED = Path(__file__).resolve().parent.parent / "tables" / "remedy_standard"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping: YAML would keep the last one
    silently, and a row whose percent was typed twice must not load."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_standard_tables(directory: Path | str | None = None) -> StandardTables:
    """Every *.yaml under the directory (the shipped tables by default), checked and built."""
    root = Path(directory) if directory is not None else SHIPPED
    files = sorted(root.rglob("*.yaml"))
    if not files:
        raise StandardTableError(f"{root}: no table files (*.yaml)")
    return build_tables(row for path in files
                        for row in _rows(path, path.relative_to(root).as_posix()))


@lru_cache(maxsize=1)
def shipped_standard_tables() -> StandardTables:
    """The shipped tables, read once per process: they are immutable and fixed at run time."""
    return load_standard_tables()


def _rows(path: Path, name: str) -> Iterator[RawRow]:
    document = _parse(path, name)
    if document is None:
        return
    if not isinstance(document, dict):
        raise StandardTableError(f"{name}: a table file maps table names to lists of rows")
    for table, rows in document.items():
        if not isinstance(rows, list):
            raise StandardTableError(f"{name}: {table} must be a list of rows")
        for index, data in enumerate(rows, 1):
            yield RawRow(file=name, table=str(table), index=index, data=data)


def _parse(path: Path, name: str) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise StandardTableError(f"{name}{line}: {error.problem or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise StandardTableError(f"{name}: not readable YAML ({error})") from None
