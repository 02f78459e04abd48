"""How the pages write times, money, durations and rates in Korean (Jinja filters)."""
from __future__ import annotations

from datetime import datetime

from flask import Flask

from casemgmt.domain.calendar import SEOUL

from .backend import staff_name

from .forms import seoul_local
from .labels import choices, ko

WEEKDAYS = "월화수목금토일"


def when(moment: datetime | None) -> str:
    """2026-11-20 (금) 10:00, in Seoul."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(SEOUL)
    return f"{local:%Y-%m-%d} ({WEEKDAYS[local.weekday()]}) {local:%H:%M}"


def iso(moment: datetime | None) -> str:
    """For <time datetime="...">."""
    return moment.astimezone(SEOUL).isoformat(timespec="seconds") if moment else ""


def won(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}원"


def file_size(size: int | None) -> str:
    """12 바이트, 3.4 KB, 1.2 MB (1 KB = 1,024 바이트)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size:,} 바이트"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = ([f"{days}일"] if days else []) + ([f"{hours}시간"] if hours else [])
    if not days:
        parts.append(f"{minutes}분")
    return " ".join(parts)


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def install(app: Flask) -> None:
    app.jinja_env.filters.update(when=when, iso=iso, won=won, duration=duration,
                                 percent=percent, ko=ko, local_input=seoul_local,
                                 file_size=file_size,
                                 staff=staff_name)
    app.jinja_env.globals.update(labels=choices)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
