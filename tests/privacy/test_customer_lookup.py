"""Finding a customer by phone, e-mail, order number or name through the blind index, with the
master key and without it; and what the index tables hold (keyed hashes, no canary)."""
from __future__ import annotations

import pytest
from eventsourcing.cryptography import AESCipher

from casemgmt.infrastructure.access_log import AccessQuery
from tests.privacy.scan import database_chunks, found, postgres_tables
from tests.privacy.scenario import EMAIL, NAME, ORDER_ID, PHONE, canary_customer

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")

CUSTOMERS = "/api/v1/customers"
WITH_AND_WITHOUT_MASTER_KEY = pytest.mark.parametrize(
    "cipher_key", [AESCipher.create_key(32), None], ids=["master-key", "no-master-key"])
INDEX_TABLES = ("customer_index", "customer_claims", "customer_concessions", "order_approvals",
                "index_secrets")


def look_up(api, by=None, **query) -> list[dict]:
    return api.items(CUSTOMERS, by or api.team.agent, **query)


def file_for(api, customer: dict, order_id: str = "O-77") -> str:
    return api.file_claim(customer=customer, order={"id": order_id, "merchant_id": "M-9",
                                                    "amount_krw": 89_000})["id"]


@WITH_AND_WITHOUT_MASTER_KEY
@pytest.mark.parametrize("typed", ["010-9137-4628", "01091374628", "+82 10 9137 4628"])
def test_a_phone_finds_the_customer_however_it_is_formatted(api, typed):
    file_for(api, canary_customer(phone="+82-10-9137-4628"))
    file_for(api, canary_customer("C-OTHER", phone="010-1111-2222", name="박다른",
                                  email="other@example.org"))

    items = look_up(api, phone=typed)

    assert [i["customer_id"] for i in items] == ["C-CANARY"]
    assert (items[0]["name"], items[0]["phone"]) == (NAME, "+82-10-9137-4628")


@WITH_AND_WITHOUT_MASTER_KEY
def test_an_e_mail_finds_the_customer_whatever_its_case(api):
    file_for(api, canary_customer())

    items = look_up(api, email=f"  {EMAIL.upper()} ")

    assert [i["customer_id"] for i in items] == ["C-CANARY"]


@WITH_AND_WITHOUT_MASTER_KEY
def test_a_name_finds_the_customer_exactly_and_only_exactly(api):
    file_for(api, canary_customer())

    assert [i["customer_id"] for i in look_up(api, name=f" {NAME} ")] == ["C-CANARY"]
    assert look_up(api, name=NAME[:-1]) == []
    assert look_up(api, name=f"{NAME[:2]} {NAME[2:]}") == []


@WITH_AND_WITHOUT_MASTER_KEY
def test_an_order_number_finds_every_customer_who_complained_about_it(api):
    file_for(api, canary_customer(), order_id=ORDER_ID)
    file_for(api, canary_customer("C-GIFT", name="선물받은사람", phone="010-3333-4444",
                                  email="gift@example.org"), order_id=ORDER_ID)
    file_for(api, canary_customer("C-ELSE", name="다른주문", phone="010-5555-6666",
                                  email="else@example.org"), order_id="O-ELSE")

    items = look_up(api, order_id=ORDER_ID)

    assert [i["customer_id"] for i in items] == ["C-CANARY", "C-GIFT"]


@WITH_AND_WITHOUT_MASTER_KEY
def test_the_database_holds_no_canary_in_the_index_tables(api, settings):
    file_for(api, canary_customer(), order_id=ORDER_ID)
    assert look_up(api, phone=PHONE)  # the views have caught up

    chunks = database_chunks(settings)

    if settings.backend == "postgres":
        assert set(INDEX_TABLES) <= set(postgres_tables(settings))
        chunks = [c for c in chunks if c.where.split(".")[0].split(" ")[0] in INDEX_TABLES]
    secrets = [NAME, PHONE, PHONE.replace("-", ""), EMAIL, EMAIL.upper()]
    if settings.cipher_key:
        secrets.append(ORDER_ID)  # with a master key not even the order number is in clear
    assert found(secrets, chunks) == {}


def test_an_agent_sees_the_customer_in_full_and_an_auditor_masked(api):
    file_for(api, canary_customer())

    agent = look_up(api, phone=PHONE)[0]
    auditor = look_up(api, api.team.auditor, phone=PHONE)[0]

    assert (agent["name"], agent["phone"], agent["email"]) == (NAME, PHONE, EMAIL)
    assert (auditor["name"], auditor["phone"], auditor["email"]) == (
        "카*****순", "010-****-4628", "z***@example.org")


def test_the_newest_claim_gives_the_customers_details(api, clock):
    file_for(api, canary_customer(tier="regular", email="old@example.org"))
    clock.advance(days=30)
    file_for(api, canary_customer(tier="vip", email=EMAIL))

    by_old, by_new = look_up(api, email="old@example.org"), look_up(api, email=EMAIL)

    assert by_old == by_new
    assert (by_new[0]["email"], by_new[0]["tier"], by_new[0]["claims"]) == (EMAIL, "vip", 2)


@pytest.mark.parametrize("query", [{}, {"phone": PHONE, "email": EMAIL}, {"limit": 5}])
def test_a_look_up_takes_exactly_one_of_phone_email_order_and_name(api, query):
    response = api.get(CUSTOMERS, api.team.agent, query_string=query)

    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"


def test_admins_and_schedulers_may_not_look_customers_up(api):
    for member in (api.team.admin, api.team.scheduler):
        assert api.get(CUSTOMERS, member, query_string={"phone": PHONE}).status_code == 403


def test_every_look_up_answer_is_in_the_pii_access_log(api):
    claim_id = file_for(api, canary_customer())

    look_up(api, phone=PHONE)

    rows = api.services.access_log.page(AccessQuery(customer_id="C-CANARY"), 100)
    assert [(r["endpoint"], r["claim_id"]) for r in rows if r["method"] == "GET"] == [
        ("/api/v1/customers", claim_id)]



def test_a_search_in_the_body_keeps_the_phone_out_of_the_url(api):
    file_for(api, canary_customer())

    response = api.post(f"{CUSTOMERS}/search", {"phone": "+82 10 9137 4628"}, api.team.agent)

    assert response.status_code == 200, response.get_json()
    assert [i["customer_id"] for i in response.get_json()["items"]] == ["C-CANARY"]


def test_pages_of_customers_sharing_an_order_follow_the_cursor(api):
    for n in range(5):
        file_for(api, canary_customer(f"C-{n}", name=f"고객{n}", phone=f"010-0000-000{n}",
                                      email=f"c{n}@example.org"), order_id=ORDER_ID)

    first = api.get(CUSTOMERS, api.team.agent, query_string={"order_id": ORDER_ID, "limit": 2})
    pages = [first.get_json()]
    while pages[-1]["next_cursor"]:
        pages.append(api.get(CUSTOMERS, api.team.agent, query_string={
            "order_id": ORDER_ID, "limit": 2, "cursor": pages[-1]["next_cursor"]}).get_json())

    assert [[i["customer_id"] for i in page["items"]] for page in pages] == [
        ["C-0", "C-1"], ["C-2", "C-3"], ["C-4"]]


def test_a_replayed_search_is_logged_again_and_dropped_by_an_erasure(api):
    claim_id = file_for(api, canary_customer())
    key = {"Idempotency-Key": "search-ZQ-1"}
    search = {"phone": PHONE}
    api.post(f"{CUSTOMERS}/search", search, api.team.agent, headers=key)

    replay = api.post(f"{CUSTOMERS}/search", search, api.team.agent, headers=key)
    api.post("/api/v1/customers/C-CANARY/erasure", {"reason": "고객 요청"}, api.team.admin)
    after = api.post(f"{CUSTOMERS}/search", search, api.team.agent, headers=key)

    assert replay.headers.get("Idempotent-Replayed") == "true"
    rows = api.services.access_log.page(AccessQuery(customer_id="C-CANARY"), 100)
    assert [r["claim_id"] for r in rows if r["endpoint"] == "/api/v1/customers/search"] == [
        claim_id, claim_id]
    assert after.status_code == 422  # the stored answer went with the customer's data
    assert NAME not in after.get_data(as_text=True)
