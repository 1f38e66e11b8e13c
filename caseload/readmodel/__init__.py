"""Fast read paths on plain ``sqlite3``: no SQLAlchemy, SQLModel or Alembic imported.

Everything here reads what the services stored (``obligations``, ``cases``, …) and never
writes. CPR numbers are masked in SQL, so a full number never reaches Python.
"""
