"""Assertion helpers of the rule tests: a refusal names its rule."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from casemgmt.domain.errors import DomainError


@contextmanager
def refused(error: type[DomainError], rule: str):
    """Expect `error` carrying the stable rule code `rule`."""
    with pytest.raises(error) as caught:
        yield caught
    assert caught.value.rule == rule, caught.value.message
