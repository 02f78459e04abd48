"""Masking of a customer's personal data for roles that need to see that it exists, not what it is."""
from __future__ import annotations

import re


def mask_name(name: str | None) -> str | None:
    """김민수 → 김*수, 김수 → 김*, 남궁민수 → 남**수."""
    if not name:
        return name
    if len(name) <= 2:
        return name[0] + "*" * (len(name) - 1) if len(name) == 2 else "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str | None:
    """010-1234-5678 → 010-****-5678: the middle digits go, the layout stays."""
    if not phone:
        return phone
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if len(digits) <= 4:
        return re.sub(r"\d", "*", phone)
    keep = set(digits[:3] + digits[-4:]) if len(digits) > 7 else set(digits[-4:])
    return "".join(ch if (not ch.isdigit() or i in keep) else "*" for i, ch in enumerate(phone))


def mask_email(email: str | None) -> str | None:
    """kim@example.com → k***@example.com."""
    if not email:
        return email
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return (local[:1] or "*") + "***@" + domain
