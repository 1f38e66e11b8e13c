"""Use cases: one function each, taking a session and plain arguments.

The CLI and the app call these; they never talk SQL or decide rules themselves. Every
function that changes something a rule looks at recomputes the case's obligations in the
same transaction (``obligations.refresh_case``).
"""
