"""Opened snapshots (infrastructure/opened_snapshots.py): a decoded claim snapshot kept for the
next load of the same one. Each load gets a state of its own, whatever the last one did to
its copy; what is kept is personal data in clear, so it goes after a while, within a budget,
and with the claim's key. No database: the stores' side is in test_opened_snapshots_served.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from casemgmt.domain.parts import FactCheck, Note
from casemgmt.domain.values import Customer
from casemgmt.infrastructure.opened_snapshots import OpenedSnapshots
from casemgmt.infrastructure.transcodings import SNAPSHOT_DATACLASSES

AT = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
SEALED = "Tm9uY2Utb2YtMTJi" + "c2VhbGVkIGJ5dGVz" * 4 + "VGFnLW9mLXNpeHRlZW4tYnl0"


def sealed(nonce: str) -> str:
    assert len(nonce) == 16
    return nonce + SEALED[16:]


def a_state() -> dict:
    return {
        "status": "in_progress", "version_note": None, "flags": ["vip"],
        "customer": Customer(id="C-1", name="김민수", tier="regular", phone="010-1234-5678",
                             email=None, vulnerable=["senior"]),
        "notes": [Note(text=f"메모 {n}", by="S-1", at=AT) for n in range(3)],
        "fact_checks": [FactCheck(id="fc-1", vendor_id="M-9", vendor_kind="merchant",
                                  question="휴업?", requested_by="S-1", requested_at=AT,
                                  status="requested", evidence=["사진"])],
        "extra": {"nested": [{"deep": [1, 2]}]},
    }


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_what_one_load_changes_in_its_state_no_later_load_sees():
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES)
    first = opened.keep("claim-1", SEALED, a_state(), 1_000)

    first["flags"].append("repeat")
    first["customer"].name = "바뀐 이름"
    first["customer"].vulnerable.append("visually_impaired")
    first["notes"].append(Note(text="저장되지 않은 메모", by="S-2", at=AT))
    first["fact_checks"][0].status = "answered"
    first["fact_checks"][0].evidence.append("영수증")
    first["extra"]["nested"][0]["deep"].append(3)
    second = opened.get("claim-1", SEALED)
    second["notes"].clear()
    third = opened.get("claim-1", SEALED)

    assert third == a_state()
    assert second is not third and third["notes"] is not second["notes"]


def test_a_frozen_part_holding_a_list_is_copied_not_shared():
    @dataclass(frozen=True)
    class Tagged:
        tags: list

    opened = OpenedSnapshots((Tagged,))
    mine = opened.keep("claim-1", SEALED, {"parts": [Tagged(tags=["a"])]}, 100)
    mine["parts"][0].tags.append("b")

    assert opened.get("claim-1", SEALED) == {"parts": [Tagged(tags=["a"])]}


def test_only_the_same_sealing_of_the_same_claim_is_found():
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES)
    opened.keep("claim-1", sealed("AAAAAAAAAAAAAAAA"), a_state(), 1_000)

    assert opened.get("claim-1", sealed("AAAAAAAAAAAAAAAA")) == a_state()
    assert opened.get("claim-1", sealed("BBBBBBBBBBBBBBBB")) is None  # sealed again
    assert opened.get("claim-2", sealed("AAAAAAAAAAAAAAAA")) is None


def test_a_state_is_kept_for_the_hold_time_after_it_was_opened_and_no_longer():
    clock = Clock()
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES, hold_seconds=30, clock=clock)
    opened.keep("claim-1", SEALED, a_state(), 1_000)

    clock.now += 29.9
    assert opened.get("claim-1", SEALED) == a_state()  # reading it does not extend it
    clock.now += 0.1
    assert opened.get("claim-1", SEALED) is None
    assert len(opened) == 0


def test_the_budget_drops_the_least_recently_used_and_one_big_claim_is_not_kept():
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES, budget_bytes=10_000)
    for n in range(4):
        opened.keep(f"claim-{n}", SEALED, {"n": n}, 2_500)
    opened.get("claim-0", SEALED)  # used lately: claim-1 is now the oldest
    opened.keep("claim-4", SEALED, {"n": 4}, 2_500)
    big = opened.keep("claim-big", SEALED, {"n": "big"}, 2_501)  # over a quarter

    assert big == {"n": "big"}
    assert opened.get("claim-big", SEALED) is None
    assert [n for n in range(5) if opened.get(f"claim-{n}", SEALED)] == [0, 2, 3, 4]


def test_forgetting_a_claim_drops_every_snapshot_of_it_and_only_its():
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES)
    opened.keep("claim-1", sealed("AAAAAAAAAAAAAAAA"), a_state(), 1_000)
    opened.keep("claim-1", sealed("BBBBBBBBBBBBBBBB"), a_state(), 1_000)
    opened.keep("claim-2", SEALED, a_state(), 1_000)

    opened.forget("claim-1")

    assert opened.get("claim-1", sealed("AAAAAAAAAAAAAAAA")) is None
    assert opened.get("claim-1", sealed("BBBBBBBBBBBBBBBB")) is None
    assert opened.get("claim-2", SEALED) == a_state()


def test_a_claim_whose_snapshots_were_pushed_out_or_forgotten_is_no_longer_held():
    opened = OpenedSnapshots(SNAPSHOT_DATACLASSES, budget_bytes=4_000)
    opened.keep("claim-1", sealed("AAAAAAAAAAAAAAAA"), {"n": 1}, 1_000)
    opened.keep("claim-1", sealed("BBBBBBBBBBBBBBBB"), {"n": 2}, 1_000)
    opened.keep("claim-2", SEALED, {"n": 3}, 1_000)
    opened.keep("claim-3", SEALED, {"n": 4}, 1_000)
    opened.keep("claim-4", SEALED, {"n": 5}, 1_000)  # over the budget: claim-1's first goes
    assert opened.holds("claim-1")
    opened.keep("claim-5", SEALED, {"n": 6}, 1_000)  # and then its second

    assert not opened.holds("claim-1")
    assert all(opened.holds(f"claim-{n}") for n in (2, 3, 4, 5))
    opened.forget("claim-1")  # nothing left to drop
    opened.forget("claim-2")
    assert not opened.holds("claim-2") and opened.get("claim-2", SEALED) is None
    assert opened.get("claim-3", SEALED) == {"n": 4}
