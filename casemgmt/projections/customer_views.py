"""The views of issue 10 (customers, the order guard's backfill, staff), built for the runner."""
from __future__ import annotations

from typing import Any

from .customer_index import CustomerIndexView
from .customers import CustomerClaimsView
from .order_approvals import OrderApprovalsView
from .staff_directory import StaffDirectoryView


def customer_views(app: Any) -> list:
    """`app`: the Casemgmt application (its sealer and blind index)."""
    return [CustomerIndexView(app.blind_index, app.sealer), CustomerClaimsView(app.sealer),
            OrderApprovalsView(app.blind_index), StaffDirectoryView()]
