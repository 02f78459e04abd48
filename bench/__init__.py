"""Throughput figures for casemgmt next to the bare eventsourcing library: `python -m bench`.

Not a test: it prints how many claims per second casemgmt files and how many commands per
second it runs on existing claims, on SQLite and on PostgreSQL, beside a plain eventsourcing
application saving a comparable aggregate on the same backend settings in the same run,
and the ratio of the two. `--quick` makes a smaller run.
"""
