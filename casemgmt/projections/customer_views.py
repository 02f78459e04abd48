"""The views of issue 10 (customers, the order guard's backfill, staff), built for the runner."""
from __future__ import annotations

from typing import Any

from .customer_index import CustomerIndexView
from .customers import CustomerClaimsView
from .order_approvals import OrderApprovalsView
from .staff_directory import StaffDirectoryView


def customer_views(blind_index: Any, sealer: Any) -> list:
    return [CustomerIndexView(blind_index, sealer), CustomerClaimsView(sealer),
            OrderApprovalsView(blind_index), StaffDirectoryView()]
