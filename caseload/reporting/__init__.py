"""Showing the trial's report (``caseload.domain.report``): tables, CSV, charts, PDF."""
