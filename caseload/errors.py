"""Errors a user can cause. The CLI and the app show their message; never a traceback."""


class CaseloadError(Exception):
    """Base of the errors the tool reports to a person."""

    exit_code = 1


class DomainError(CaseloadError):
    """The request cannot be done as asked (unknown caseworker, closed case, …): exit 1."""


class NotFound(DomainError):
    pass


class AccessDenied(DomainError):
    pass


class UsageError(CaseloadError):
    """The request cannot be read (a date that is no date, …): exit 2."""

    exit_code = 2
