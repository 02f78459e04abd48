"""OpenAPI links: where the ids a response creates are used next (for clients and fuzzers alike).

flask-smorest's response decorator has no place for links, so they are added to the built spec.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from apispec import APISpec

CLAIM = {"claim_id": "$response.body#/id"}
# (path, method, status) of a response → the ids it yields, the last one being the new one.
SOURCES = [
    ("/api/v1/claims", "post", "201", CLAIM),
    ("/api/v1/claims/{claim_id}/fact-checks", "post", "201",
     {**CLAIM, "fact_check_id": "$response.body#/fact_checks/0/id"}),
    ("/api/v1/claims/{claim_id}/decisions", "post", "200",
     {**CLAIM, "decision_id": "$response.body#/decisions/0/id"}),
    ("/api/v1/claims/{claim_id}/escalations", "post", "200",
     {**CLAIM, "escalation_id": "$response.body#/escalations/0/id"}),
    ("/api/v1/staff", "post", "201", {"staff_id": "$response.body#/id"}),
]
METHODS = ("get", "put", "post", "patch", "delete")


def add_links(spec: APISpec) -> None:
    paths = spec._paths  # apispec serves this dict as the document's "paths"
    for source, method, status, ids in SOURCES:
        response = paths.get(source, {}).get(method, {}).get("responses", {}).get(status)
        if response is None:
            continue
        new_id = list(ids)[-1]
        links = {}
        for target, operations in paths.items():
            # in the path's order: a set's order follows PYTHONHASHSEED, and the document
            # should be the same bytes in every process
            needed = list(dict.fromkeys(re.findall(r"{(\w+)}", target)))
            if new_id not in needed or not set(needed) <= ids.keys():
                continue
            for verb in (v for v in METHODS if v in operations):
                name = f"{verb}{target.replace('/api/v1', '')}"
                links[re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")] = {
                    "operationRef": f"#/paths/{_pointer(target)}/{verb}",
                    "parameters": {key: ids[key] for key in needed},
                }
        response["links"] = links


def _pointer(path: str) -> str:
    return quote(path.replace("~", "~0").replace("/", "~1"), safe="~")
