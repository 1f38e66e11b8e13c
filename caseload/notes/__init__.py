"""Follow-up notes (journalnotater): templates, tamper-evident hashing, drafts, rendering.

The parts here do no database work; the use cases are in ``caseload.services.notes``.
"""
