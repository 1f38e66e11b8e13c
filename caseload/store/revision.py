"""The schema revision this version of caseload needs, as a plain constant.

The quick check (``caseload overdue``/``today``) compares it with the database's
``alembic_version`` without importing Alembic. ``tests/cli/test_revision.py`` checks it
against the newest migration in ``caseload/migrations/versions``, so the two cannot drift:
when you add a migration, set ``HEAD`` to its revision.
"""

HEAD = "0001"
