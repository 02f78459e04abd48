"""Adapters: the only place that knows about storage formats, drivers and the scheduler."""
