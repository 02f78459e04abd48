"""GET /claims/{id} (now, ?version=, ?as_of=) and GET /claims (the work queue): who may read,
what they see, and the problems a bad query gets."""
from __future__ import annotations

import uuid

import pytest

from tests.http import CLAIMS, a_problem
from tests.refs import a_customer_id


@pytest.fixture
def noted_claim(api, clock):
    """Filed at 10:00, taken at 11:00, noted at 12:00 (versions 1, 2, 3)."""
    claim_id = api.file_claim()["id"]
    clock.advance(hours=1)
    api.take(claim_id)
    clock.advance(hours=1)
    api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "오후 통화 희망"}, api.team.agent)
    return claim_id


def test_every_reader_sees_the_claim_with_its_version_as_etag(api, noted_claim):
    for member in (api.team.agent, api.team.other_agent, api.team.supervisor, api.team.auditor,
                   api.team.scheduler):
        response = api.get(f"{CLAIMS}/{noted_claim}", member)

        assert response.status_code == 200
        assert response.headers["ETag"] == '"3"' and response.get_json()["version"] == 3


@pytest.mark.parametrize("query, version, assignee", [
    ("version=1", 1, None), ("version=2", 2, "agent"), ("version=3", 3, "agent"),
    ("as_of=2026-11-20T10:30:00%2B09:00", 1, None),
    ("as_of=2026-11-20T02:00:00Z", 2, "agent"),   # 11:00 in Seoul: the assignment counts
    ("as_of=2026-11-21T00:00:00%2B09:00", 3, "agent"),
])
def test_a_claim_reads_as_it_stood_at_a_version_or_a_moment(api, noted_claim, query, version,
                                                            assignee):
    response = api.get(f"{CLAIMS}/{noted_claim}?{query}", api.team.auditor)

    assert response.status_code == 200, response.get_json()
    claim = response.get_json()
    assert claim["version"] == version and response.headers["ETag"] == f'"{version}"'
    assert claim["assignee"] == (getattr(api.team, assignee).id if assignee else None)
    assert len(claim["notes"]) == (1 if version == 3 else 0)


@pytest.mark.parametrize("query, status", [
    ("version=4", 404), ("as_of=2026-11-20T09:59:59%2B09:00", 404),
    ("version=0", 422), ("version=two", 422), ("as_of=2026-11-20T10:30:00", 422),
    ("as_of=noon", 422), ("version=1&as_of=2026-11-20T10:30:00%2B09:00", 422),
])
def test_a_moment_the_claim_never_had_or_a_bad_query_is_refused(api, noted_claim, query, status):
    response = api.get(f"{CLAIMS}/{noted_claim}?{query}", api.team.supervisor)

    a_problem(response, status)


def test_a_version_or_moment_not_found_says_which_the_claim_has(api, noted_claim):
    version = api.get(f"{CLAIMS}/{noted_claim}?version=4", api.team.supervisor)
    moment = api.get(f"{CLAIMS}/{noted_claim}?as_of=2026-11-20T09:00:00%2B09:00",
                     api.team.supervisor)

    assert a_problem(version, 404)["detail"] == (
        f"No claim {noted_claim} at version 4 (it has 1 to 3).")
    assert a_problem(moment, 404)["detail"] == (
        f"No claim {noted_claim} at 2026-11-20T09:00:00+09:00 (it was filed later).")


@pytest.mark.parametrize("claim_id", [str(uuid.uuid4()), "C-1001", "0" * 300])
def test_an_unknown_claim_is_not_found(api, claim_id):
    a_problem(api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor), 404, "claim-not-found")


def test_reading_needs_a_token_and_a_reading_role(api, noted_claim):
    for path in (f"{CLAIMS}/{noted_claim}", CLAIMS):
        a_problem(api.get(path), 401, "unauthenticated")
        a_problem(api.get(path, headers={"Authorization": "Bearer cm_forged"}), 401)
        a_problem(api.get(path, api.team.admin), 403, "role-not-allowed")


def test_the_work_queue_lists_claims_oldest_first_a_page_at_a_time(api, clock):
    customer = a_customer_id()
    filed = []
    for _ in range(5):
        filed.append(api.file_claim(customer_id=customer)["id"])
        clock.advance(minutes=1)
    mine = f"{CLAIMS}?customer_id={customer}&limit=2"

    first = api.get(mine, api.team.scheduler).get_json()
    second = api.get(f"{mine}&cursor={first['next_cursor']}", api.team.agent).get_json()
    third = api.get(f"{mine}&cursor={second['next_cursor']}", api.team.agent).get_json()

    assert [c["id"] for c in first["items"] + second["items"] + third["items"]] == filed
    assert third["next_cursor"] is None


def test_the_work_queue_filters_by_status_assignee_and_customer(api, clock):
    customers = a_customer_id(), a_customer_id()
    mine = api.take(api.file_claim(customer_id=customers[0])["id"])["id"]
    clock.advance(minutes=5)
    other = api.file_claim(customer={"id": customers[1], "name": "이수진"})["id"]
    me = api.team.agent.id

    def listed(query: str) -> list[str]:
        response = api.get(f"{CLAIMS}?{query}", api.team.supervisor)
        assert response.status_code == 200, response.get_json()
        return [claim["id"] for claim in response.get_json()["items"]]

    def ids(query: str) -> list[str]:
        """The query's answer among this test's two customers (mine was received first)."""
        return [claim for customer in customers
                for claim in listed(f"{query}&customer_id={customer}")]

    assert ids("status=in_progress") == [mine]
    assert ids("status=new") == [other]
    assert ids(f"assignee={me}") == [mine]
    assert listed(f"customer_id={customers[1]}") == [other]
    assert ids("category=merchant_service&channel=phone") == [mine, other]
    assert ids("received_from=2026-11-20T10:00:01%2B09:00") == [other]
    assert ids("received_to=2026-11-20T10:00:01%2B09:00") == [mine]
    assert ids("overdue=true") == []
    assert ids("status=closed") == []


@pytest.mark.parametrize("query, status", [
    ("limit=0", 422), ("limit=501", 422), ("status=open", 422), ("overdue=maybe", 422),
    ("received_from=2026-11-20", 422), ("cursor=not-ours", 400),
])
def test_a_bad_work_queue_query_is_refused(api, query, status):
    a_problem(api.get(f"{CLAIMS}?{query}", api.team.supervisor), status)


def test_the_work_queue_answers_at_most_500_a_page_and_50_by_default(api):
    customer = a_customer_id()
    for _ in range(51):
        api.file_claim(customer_id=customer)

    default = api.get(f"{CLAIMS}?customer_id={customer}", api.team.supervisor).get_json()
    widest = api.get(f"{CLAIMS}?customer_id={customer}&limit=500", api.team.supervisor
                     ).get_json()

    assert len(default["items"]) == 50 and default["next_cursor"]
    assert len(widest["items"]) == 51 and widest["next_cursor"] is None


@pytest.mark.parametrize("name, masked", [
    ("김", "*"), ("김수", "김*"), ("김민수", "김*수"), ("남궁민수", "남**수"), ("Li", "L*"),
    ("Alexander", "A*******r"),
])
def test_an_auditor_sees_any_name_masked_in_the_claim_and_in_the_queue(api, name, masked):
    customer = {"id": a_customer_id(), "name": name, "phone": "02-123-4567", "email": "a@b.kr"}
    claim_id = api.file_claim(customer=customer)["id"]

    claim = api.get(f"{CLAIMS}/{claim_id}", api.team.auditor).get_json()
    queue = api.get(f"{CLAIMS}?customer_id={customer['id']}", api.team.auditor).get_json()

    seen = {"name": masked, "phone": "02-1**-4567", "email": "a***@b.kr"}
    assert {k: claim["customer"][k] for k in seen} == seen
    assert [{k: item["customer"][k] for k in seen} for item in queue["items"]] == [seen]
