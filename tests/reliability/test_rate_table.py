"""The shared table of rate-limit levels, without a server: two openings of one file (as two
worker processes have) count together, exactly, from many threads at once; slots of full
buckets are reused, busy ones are not taken from a key that is still spending."""
from __future__ import annotations

import threading

import pytest

from casemgmt.api.limits import TokenBuckets
from casemgmt.infrastructure.rate_table import TABLE_FILE, SharedBucketTable
from tests.http import Stopwatch


def test_two_openings_of_one_table_count_every_request_once_from_many_threads(tmp_path):
    watch = Stopwatch(100.0)  # no refill while they spend
    workers = [TokenBuckets(60, burst=500, clock=watch,
                            store=SharedBucketTable.open_in(tmp_path)) for _ in range(2)]
    allowed = []

    def spend(buckets: TokenBuckets) -> None:
        allowed.append(sum(buckets.take("token") == 0.0 for _ in range(200)))

    threads = [threading.Thread(target=spend, args=(workers[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(allowed) == 500  # 1,600 asked, the burst given out exactly once


def test_what_one_opening_spends_the_other_sees(tmp_path):
    watch = Stopwatch(100.0)
    first, second = (TokenBuckets(60, burst=3, clock=watch,
                                  store=SharedBucketTable.open_in(tmp_path)) for _ in range(2))
    first.take("token")
    first.take("token")

    spent = second.spend("token")

    assert (spent.wait, spent.remaining) == (0.0, 0)
    assert first.take("token") == pytest.approx(1.0)


def test_full_buckets_give_their_slots_to_new_keys_but_spending_ones_keep_theirs(tmp_path):
    watch = Stopwatch(100.0)
    table = SharedBucketTable(SharedBucketTable.create(tmp_path, slots=8))
    buckets = TokenBuckets(60, burst=2, clock=watch, store=table)
    buckets.take("busy")
    buckets.take("busy")                     # empty: full again in 2 s
    for n in range(7):
        buckets.take(f"idle-{n}")            # half spent: full again in 1 s
    watch.now += 1.5                          # the idle ones are full, "busy" has 1.5 left

    for n in range(7):
        buckets.take(f"new-{n}")              # every slot of the table is needed

    assert buckets.spend("busy", cost=0).remaining == 1  # still its own level, not a fresh 2


def test_a_file_that_is_not_a_table_is_refused(tmp_path):
    (tmp_path / TABLE_FILE).write_bytes(b"not a table" * 100)

    with pytest.raises(ValueError, match="not a casemgmt rate-limit table"):
        SharedBucketTable.open_in(tmp_path)
