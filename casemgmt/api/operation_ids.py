"""The operationId of every operation: the names generated clients call them by.

Named after the use case where there is one (`file_claim`, `assign_claim`, `escalate_claim`),
else after what the operation returns or does. They are part of the contract: rename none.
An operation missing here still gets one derived from its method and path (openapi_shapes).
"""
from __future__ import annotations

CLAIM = "/api/v1/claims/{claim_id}"
ESCALATION = CLAIM + "/escalations/{escalation_id}"
FACT_CHECK = CLAIM + "/fact-checks/{fact_check_id}"
ROUND = "/api/v1/follow-ups/surprise-delight/{month}"

OPERATION_IDS: dict[tuple[str, str], str] = {
    ("get", "/api/v1/claims"): "list_claims",
    ("post", "/api/v1/claims"): "file_claim",
    ("get", CLAIM): "get_claim",
    ("post", CLAIM + "/assignment"): "assign_claim",
    ("post", CLAIM + "/responses"): "respond_to_customer",
    ("post", CLAIM + "/fact-checks"): "request_fact_check",
    ("post", FACT_CHECK + "/answer"): "answer_fact_check",
    ("post", FACT_CHECK + "/cancellation"): "cancel_fact_check",
    ("post", FACT_CHECK + "/vendor-link"): "issue_vendor_link",
    ("post", FACT_CHECK + "/vendor-link/revocation"): "revoke_vendor_link",
    ("post", CLAIM + "/decisions"): "propose_decision",
    ("post", CLAIM + "/decisions/{decision_id}/approval"): "review_decision",
    ("post", CLAIM + "/escalations"): "escalate_claim",
    ("post", ESCALATION + "/stage"): "advance_escalation",
    ("post", ESCALATION + "/replies"): "reply_to_agency",
    ("post", ESCALATION + "/extension"): "extend_relief_period",
    ("post", ESCALATION + "/outcome"): "conclude_escalation",
    ("post", CLAIM + "/closure"): "close_claim",
    ("post", CLAIM + "/reopening"): "reopen_claim",
    ("post", CLAIM + "/satisfaction"): "record_satisfaction",
    ("post", CLAIM + "/notes"): "add_note",
    ("post", CLAIM + "/abuse-reports"): "report_abuse",
    ("post", CLAIM + "/attachments"): "upload_attachment",
    ("get", CLAIM + "/attachments/{attachment_id}"): "download_attachment",
    ("get", CLAIM + "/history"): "get_claim_history",
    ("get", "/api/v1/audit/events"): "list_audit_events",
    ("get", "/api/v1/audit/access-log"): "list_access_log",
    ("get", "/api/v1/stats/voc"): "get_voc_stats",
    ("get", "/api/v1/staff"): "list_staff",
    ("get", "/api/v1/claims/export.csv"): "export_claims",
    ("post", "/api/v1/staff"): "add_staff",
    ("get", "/api/v1/staff/{staff_id}"): "get_staff",
    ("get", "/api/v1/staff/{staff_id}/authority"): "get_staff_authority",
    ("post", "/api/v1/staff/{staff_id}/tokens"): "issue_token",
    ("post", "/api/v1/staff/{staff_id}/revocation"): "revoke_tokens",
    ("get", "/api/v1/follow-ups/happy-calls"): "list_happy_calls",
    ("get", ROUND): "get_surprise_delight_round",
    ("post", ROUND + "/selections"): "select_surprise_delight_candidate",
    ("post", ROUND + "/selections/{selection_id}/sent"): "record_gift_sent",
    ("post", ROUND + "/selections/{selection_id}/feedback"): "record_gift_feedback",
    ("post", "/api/v1/jobs/{name}/runs"): "run_job",
    ("post", "/api/v1/customers/{customer_id}/erasure"): "erase_customer",
    ("get", "/api/v1/standards"): "list_standard_editions",
    ("get", "/api/v1/standards/{edition}/rules"): "list_standard_rules",
    ("post", "/api/v1/remedies/calculate"): "calculate_remedy",
    ("get", "/api/v1/vendor/fact-checks/{fact_check_id}"): "get_vendor_fact_check",
    ("post", "/api/v1/vendor/fact-checks/{fact_check_id}/answer"): "answer_as_vendor",
    ("post", "/api/v1/vendor/fact-checks/{fact_check_id}/attachments"): "upload_vendor_attachment",
    ("get", "/vendor"): "get_vendor_page",
    ("get", "/healthz"): "get_health",
    ("get", "/readyz"): "get_readiness",
    ("get", "/metrics"): "get_metrics",
    ("get", "/openapi.json"): "get_openapi_document",
    ("get", "/docs"): "get_docs",
}
