"""Enumerations and small value objects named as the consumer-protection team speaks."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    BOARD = "board"
    EMAIL = "email"
    SNS = "sns"
    AGENCY = "agency"


class Category(StrEnum):
    EXCHANGE_RETURN = "exchange_return"
    REFUND_DELAY = "refund_delay"
    DELIVERY = "delivery"
    PRODUCT_INFO = "product_info"
    PRODUCT_MISMATCH = "product_mismatch"
    MEMBERSHIP = "membership"
    PROMOTION = "promotion"
    MERCHANT_SERVICE = "merchant_service"
    AGENT_CONDUCT = "agent_conduct"
    OTHER = "other"


class Tier(StrEnum):
    REGULAR = "regular"
    LOYAL = "loyal"
    VIP = "vip"


class Vulnerability(StrEnum):
    SENIOR = "senior"
    VISUALLY_IMPAIRED = "visually_impaired"


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    SCHEDULER = "scheduler"
    ADMIN = "admin"


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_VENDOR = "awaiting_vendor"
    AWAITING_APPROVAL = "awaiting_approval"
    ESCALATED = "escalated"
    CLOSED = "closed"


class VendorKind(StrEnum):
    MERCHANT = "merchant"
    LOGISTICS = "logistics"
    INTERNAL = "internal"


class FactCheckStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CANCELLED = "cancelled"


class Finding(StrEnum):
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    INCONCLUSIVE = "inconclusive"


class Remedy(StrEnum):
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    EXCHANGE = "exchange"
    UPGRADE_EXCHANGE = "upgrade_exchange"
    SHIPPING_FEE_WAIVER = "shipping_fee_waiver"
    USED_ITEM_RETURN = "used_item_return"
    COUPON = "coupon"
    POINTS = "points"
    REPAIR = "repair"
    APOLOGY = "apology"
    REJECT = "reject"


# Remedies that give nothing of value away; an amount on them would be a typo.
NO_AMOUNT_REMEDIES = frozenset({Remedy.APOLOGY, Remedy.REJECT})


class DecisionStatus(StrEnum):
    APPROVED = "approved"
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"


class Agency(StrEnum):
    KCA = "kca"
    KCA_1372 = "kca_1372"
    MEDIATION_COMMITTEE = "mediation_committee"
    OTHER = "other"


class Stage(StrEnum):
    """Agency-track stages, in the only order they may be reached."""

    FACT_INQUIRY = "fact_inquiry"
    SETTLEMENT_RECOMMENDED = "settlement_recommended"
    REFERRED_TO_MEDIATION = "referred_to_mediation"
    MEDIATION_DECIDED = "mediation_decided"

    @property
    def rank(self) -> int:
        return list(Stage).index(self)


class Outcome(StrEnum):
    SETTLED = "settled"
    RECOMMENDATION_ACCEPTED = "recommendation_accepted"
    RECOMMENDATION_REJECTED = "recommendation_rejected"
    MEDIATION_ACCEPTED = "mediation_accepted"
    MEDIATION_REJECTED = "mediation_rejected"
    WITHDRAWN = "withdrawn"


class Resolution(StrEnum):
    RESOLVED = "resolved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


class SatisfactionVia(StrEnum):
    HAPPY_CALL = "happy_call"
    SURVEY = "survey"


class AbuseKind(StrEnum):
    VERBAL_ABUSE = "verbal_abuse"
    THREAT = "threat"
    SEXUAL_HARASSMENT = "sexual_harassment"
    REPEATED_CONTACT = "repeated_contact"


class Flag(StrEnum):
    ABUSE_REPORTED = "abuse_reported"
    VULNERABLE_CUSTOMER = "vulnerable_customer"
    REOPENED = "reopened"
    AGENCY_ESCALATION = "agency_escalation"


class Priority(StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


@dataclass(frozen=True)
class Actor:
    """Who performs a command: a staff member as the rules see them."""

    id: str
    role: Role
    authority_limit: int = 0
    name: str = ""


@dataclass
class Customer:
    id: str
    name: str
    tier: str = Tier.REGULAR
    phone: str | None = None
    email: str | None = None
    vulnerable: list[str] = field(default_factory=list)


@dataclass
class Order:
    id: str
    merchant_id: str | None = None
    amount_krw: int | None = None
