"""What a batch did, as counts and one line per rejected reason; for people and for JSON.

Nothing here prints a full CPR number (anything shaped like one is masked), a control
character from outside (file names, form ids: escaped, so no forged log line) or a value
taken from a form: reasons say what was expected, never what was found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from caseload.i18n import t
from caseload.safety.text import safe_message as redact

__all__ = ["MAX_ISSUE_LINES", "IssueLine", "Summary", "redact"]

# Lines kept for the summary: a batch of 200,000 broken forms must not hold 200,000 lines in
# memory (or print them in the cron mail); every one is in ``import_issues`` all the same.
MAX_ISSUE_LINES = 1000


@dataclass(frozen=True, slots=True)
class IssueLine:
    kind: str  # rejected | conflict | held (not the importer's case to change)
    file: str
    line: int | None
    form_id: str | None
    field: str | None
    message: str
    known: bool = False  # recorded by an earlier run already

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        label = t(f"import_summary.{self.kind}" if self.kind in ("conflict", "held")
                  else "import_summary.rejected")
        again = t("import_summary.again") if self.known else ""
        return redact(f"{label} {where} {self.form_id or '-'} {self.field or '-'}: "
                      f"{self.message}{again}")


@dataclass
class Summary:
    files: int = 0
    files_skipped: list[str] = field(default_factory=list)
    forms_read: int = 0
    imported: int = 0
    new_citizens: int = 0
    new_cases: int = 0
    attached: int = 0
    flagged_for_review: int = 0
    skipped: int = 0
    rejected: int = 0
    conflicts: int = 0
    held: int = 0  # forms for cases the importer may not change, kept for review
    resolved_issues: int = 0
    warnings: list[str] = field(default_factory=list)
    issues: list[IssueLine] = field(default_factory=list)
    dry_run: bool = False
    issues_left_off: int = 0  # lines beyond MAX_ISSUE_LINES, counted only

    def add_issue(self, line: IssueLine) -> None:
        """One line for a rejected reason, a conflict or a held form (the first
        ``MAX_ISSUE_LINES``; the rest are counted)."""
        if len(self.issues) < MAX_ISSUE_LINES:
            self.issues.append(line)
        else:
            self.issues_left_off += 1

    @property
    def ok(self) -> bool:
        return not (self.rejected or self.conflicts or self.held)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["warnings"] = [redact(w) for w in self.warnings]
        data["files_skipped"] = [redact(f) for f in self.files_skipped]
        data["issues"] = [
            {**asdict(issue), "file": redact(issue.file),
             "form_id": redact(issue.form_id) if issue.form_id else None}
            for issue in self.issues
        ]
        return data

    def lines(self) -> list[str]:
        """The summary for a person: counts, then each warning and rejection on a line."""
        head = t("import_summary.dry_run") if self.dry_run else ""
        out = [head + t(
            "import_summary.counts", files=self.files, read=self.forms_read,
            imported=self.imported, new_cases=self.new_cases, attached=self.attached,
            flagged=self.flagged_for_review, skipped=self.skipped, rejected=self.rejected,
            conflicts=self.conflicts, warnings=len(self.warnings))]
        if self.held:
            out.append(t("import_access.held_count", n=self.held))
        if self.files_skipped:
            out.append(t("import_summary.left_alone", n=len(self.files_skipped),
                         files=", ".join(redact(f) for f in self.files_skipped)))
        if self.resolved_issues:
            out.append(t("import_summary.resolved", n=self.resolved_issues))
        out.extend(t("import_summary.warning", text=redact(w)) for w in self.warnings)
        out.extend(issue.text() for issue in self.issues)
        if self.issues_left_off:
            out.append(t("import_access.issues_left_off", n=self.issues_left_off))
        return out
