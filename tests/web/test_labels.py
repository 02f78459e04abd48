"""Every value the API can send has Korean words in the workspace, and every refusal rule of
the domain has a Korean reason."""
from __future__ import annotations

import re
from pathlib import Path

from casemgmt.api.schemas.evidence_out import LINK_STATES
from casemgmt.domain import evidence, values
from casemgmt.domain.remedy_standard.model import CONFIDENCE
from casemgmt.web.labels import LABELS
from casemgmt.web.refusals import REASONS

ENUMS = {"status": values.Status, "channel": values.Channel, "category": values.Category,
         "tier": values.Tier, "vulnerable": values.Vulnerability, "role": values.Role,
         "priority": values.Priority, "vendor_kind": values.VendorKind,
         "fact_check_status": values.FactCheckStatus, "finding": values.Finding,
         "remedy": values.Remedy, "decision_status": values.DecisionStatus,
         "agency": values.Agency, "stage": values.Stage, "outcome": values.Outcome,
         "resolution": values.Resolution, "via": values.SatisfactionVia,
         "abuse_kind": values.AbuseKind, "flag": values.Flag,
         "attachment_kind": evidence.AttachmentKind, "link_status": LINK_STATES,
         "confidence": CONFIDENCE}


def test_every_enum_value_has_a_korean_label_in_the_apis_order():
    for kind, enum in ENUMS.items():
        assert list(LABELS[kind]) == [getattr(m, "value", m) for m in enum], kind


def test_every_state_and_permission_rule_of_the_domain_has_a_korean_reason():
    domain = Path(values.__file__).parent
    rules = {rule for path in domain.glob("*.py") for rule in re.findall(
        r'(?:NotPermitted|StateConflict)\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8"))}

    assert rules and rules - set(REASONS) - {"alert.system_only", "selection.already_sent",
                                              "selection.not_sent"} == set()
