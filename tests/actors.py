"""Who acts when a test calls a use case directly: every use case on a case needs one."""

from __future__ import annotations

from caseload.services.policy import TEAM_LEAD, Actor

# A team lead seeing the whole team: allowed every change, and logged as "test-lead".
LEAD = Actor("test-lead", 0, TEAM_LEAD, scope_id=None)
