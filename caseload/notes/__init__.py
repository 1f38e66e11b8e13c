"""Follow-up notes (journalnotater): templates, tamper-evident hashing, drafts, rendering.

The parts here do no database work; the use cases are in ``caseload.services.notes``.
"""

from caseload.notes.drafts import discard_draft, draft_key, list_drafts, load_draft, save_draft
from caseload.notes.templates import HEADINGS, note_template, strip_prompts

__all__ = [
    "HEADINGS", "discard_draft", "draft_key", "list_drafts", "load_draft", "note_template",
    "save_draft", "strip_prompts",
]
