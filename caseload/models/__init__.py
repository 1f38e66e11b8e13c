"""SQLModel tables: the store's adapter. Import from here; the rules core never does."""

from caseload.models.activity import Interview, Offer, Referral
from caseload.models.case import (
    Case,
    CaseEvent,
    CategoryChangeRow,
    Exemption,
    ObligationRow,
    ReturnRecord,
)
from caseload.models.people import Caseworker, Citizen
from caseload.models.plan import FollowUpPlan, PlanHours, PlanStep
from caseload.models.records import AuditEntry, ImportIssue, Meta, Note, StoredForm

__all__ = [
    "AuditEntry", "Case", "CaseEvent", "Caseworker", "CategoryChangeRow", "Citizen",
    "Exemption",
    "FollowUpPlan", "ImportIssue", "Interview", "Meta", "Note", "ObligationRow", "Offer",
    "PlanHours", "PlanStep", "Referral", "ReturnRecord", "StoredForm",
]
