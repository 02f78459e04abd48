"""An erasure racing the customer index: the process that projects the index (serve's
background process) may still hold the claim's key in its cache when an API worker erases the
customer. The index asks the database, not its cache, so the customer is never findable again."""
from __future__ import annotations

from casemgmt.bootstrap import build
from tests.builders import a_customer, a_filed_claim, a_member


def test_a_customer_erased_before_the_index_caught_up_is_not_found(fresh_settings, clock):
    background, worker = build(fresh_settings, clock=clock), build(fresh_settings, clock=clock)
    try:
        agent = a_member(background.casemgmt, "박지은", "agent", 30_000).actor
        admin = a_member(worker.casemgmt, "관리자", "admin", 0).actor
        claim = a_filed_claim(background.casemgmt, agent,
                              customer=a_customer(id="C-RACE", phone="010-7777-0001"))
        keys = background.casemgmt.sealer.keys
        prefetch, erased = keys.prefetch, []

        def prefetch_then_erase(claim_ids, cur=None):
            """The runner has read the batch's keys; the erasure commits before it writes."""
            prefetch(claim_ids, cur)
            if cur is None and str(claim.id) in claim_ids and not erased:
                erased.append(worker.casemgmt.erase_customer("C-RACE", "고객 요청", admin))

        keys.prefetch = prefetch_then_erase
        background.projections.catch_up()

        assert erased, "the runner never read the claim's key"
        assert background.views.customers.find("phone", "010-7777-0001") == ([], None)
        assert worker.views.customers.find("phone", "010 7777 0001") == ([], None)
    finally:
        background.close()
        worker.close()
