"""Masking of a customer's personal data for roles that need to see that it exists, not what it is."""
from __future__ import annotations

import re
from typing import Any, Mapping

from .access import SEES_MASKED
from .values import Role


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
    count = sum(map(str.isdigit, phone))
    if count <= 4:
        return re.sub(r"\d", "*", phone)
    shown_first, shown_from = (3 if count > 7 else 0), count - 4
    masked, nth = [], 0
    for ch in phone:  # one pass: the audit feed masks every customer on its page
        if ch.isdigit():
            masked.append(ch if nth < shown_first or nth >= shown_from else "*")
            nth += 1
        else:
            masked.append(ch)
    return "".join(masked)


def mask_email(email: str | None) -> str | None:
    """kim@example.com → k***@example.com."""
    if not email:
        return email
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return (local[:1] or "*") + "***@" + domain


MASKS = {"name": mask_name, "phone": mask_phone, "email": mask_email,
         "customer_name": mask_name, "customer_phone": mask_phone,
         "customer_email": mask_email}


def sees_masked(role: Role | str) -> bool:
    return Role(role) in SEES_MASKED


def customer_as_seen_by(role: Role | str, customer: Mapping[str, Any]) -> dict[str, Any]:
    """The customer's fields as this role may see them: every edge shows customers this way.

    Works on a customer object's fields (`name`, `phone`, `email`) and on flat rows that
    prefix them (`customer_name`, ...); other fields pass unchanged.
    """
    shown = dict(customer)
    if sees_masked(role):
        for field, mask in MASKS.items():
            if field in shown:
                shown[field] = mask(shown[field])
    return shown
