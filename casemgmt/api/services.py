"""Where views find the composed services of the running app."""
from __future__ import annotations

from flask import current_app

from casemgmt.bootstrap import Services


def services() -> Services:
    return current_app.extensions["casemgmt"]
