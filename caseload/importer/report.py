"""What a batch did, as counts and one line per rejected reason; for people and for JSON.

Nothing here prints a full CPR number (anything shaped like one is masked), a control
character from outside (file names, form ids: escaped, so no forged log line) or a value
taken from a form: reasons say what was expected, never what was found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from caseload.safety.text import safe_message as redact

__all__ = ["IssueLine", "Summary", "redact"]


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
        label = self.kind if self.kind in ("conflict", "held") else "rejected"
        again = " (already on record)" if self.known else ""
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
        head = "dry run, nothing written: " if self.dry_run else ""
        out = [
            f"{head}{self.files} file(s), {self.forms_read} form(s) read: "
            f"{self.imported} imported ({self.new_cases} new case(s), {self.attached} attached "
            f"to an open case, {self.flagged_for_review} flagged for review), "
            f"{self.skipped} skipped as already imported, {self.rejected} rejected, "
            f"{self.conflicts} conflict(s), {len(self.warnings)} warning(s)"
        ]
        if self.held:
            from caseload.i18n import t

            out.append(t("import_access.held_count", n=self.held))
        if self.files_skipped:
            out.append(f"{len(self.files_skipped)} file(s) left alone (not .json, .jsonl or "
                       f".csv): " + ", ".join(redact(f) for f in self.files_skipped))
        if self.resolved_issues:
            out.append(f"{self.resolved_issues} earlier rejection(s) resolved by this run")
        out.extend(f"warning {redact(w)}" for w in self.warnings)
        out.extend(issue.text() for issue in self.issues)
        return out
