"""The mixed workload of `python -m bench.load`: what a team's clients send in a working day.

Each simulated client sends at a fixed rate (CASEMGMT_LOAD_RATE_PER_USER requests a second,
locust's constant_throughput), picking by weight: look at the work queue (4), read a claim
(3), file a claim (2), work one of its claims — take it, then add notes (1). Every request is
named by its kind, so the figures come out per kind. Run by bench/load.py, which starts the
server on the loopback interface and passes the token; not meant to be aimed anywhere else.
"""
from __future__ import annotations

import os
import random
import uuid

from locust import HttpUser, constant_throughput, task

API = "/api/v1"
RATE = float(os.environ.get("CASEMGMT_LOAD_RATE_PER_USER", "1"))
INTAKE = {"channel": "phone", "category": "merchant_service",
          "customer": {"id": "C-1001", "name": "김민수", "phone": "010-1234-5678",
                       "tier": "regular"},
          "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89000},
          "summary": "레스토랑 이용권: 두 번 방문했는데 모두 휴업"}


class Agent(HttpUser):
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['CASEMGMT_LOAD_TOKEN']}"
        self.me = os.environ["CASEMGMT_LOAD_STAFF_ID"]
        self.claims: dict[str, dict] = {}  # id → {"version", "assigned"}

    @task(4)
    def work_queue(self) -> None:
        self.client.get(f"{API}/claims", params={"limit": 20}, name="GET work queue")

    @task(3)
    def read_claim(self) -> None:
        if not self.claims:
            return self.file_claim()
        claim_id = random.choice(list(self.claims))
        self.client.get(f"{API}/claims/{claim_id}", name="GET claim")

    @task(2)
    def file_claim(self) -> None:
        answer = self.client.post(f"{API}/claims", json=INTAKE, name="POST claim (file)",
                                  headers={"Idempotency-Key": uuid.uuid4().hex})
        if answer.status_code == 201:
            self.claims[answer.json()["id"]] = {"version": 1, "assigned": False}

    @task(1)
    def work_claim(self) -> None:
        if not self.claims:
            return self.file_claim()
        claim_id = random.choice(list(self.claims))
        claim = self.claims[claim_id]
        headers = {"If-Match": f'"{claim["version"]}"', "Idempotency-Key": uuid.uuid4().hex}
        if claim["assigned"]:
            answer = self.client.post(f"{API}/claims/{claim_id}/notes", headers=headers,
                                      json={"text": "고객 재통화 예정"}, name="POST note")
        else:
            answer = self.client.post(f"{API}/claims/{claim_id}/assignment", headers=headers,
                                      json={"assignee": self.me}, name="POST assignment")
        if answer.status_code == 200:
            claim["version"], claim["assigned"] = answer.json()["version"], True
