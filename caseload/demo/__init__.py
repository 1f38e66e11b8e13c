"""Demo data: a deterministic, realistic caseload for trying the tool and for benchmarks.

``build(db_path, seed=1, cases=150, today=...)`` writes a fresh demo database; the
generator (plain rows, rules core for the obligations) scales to tens of thousands of
cases. Nothing here is about a real person: names, CPR numbers and texts are made up.
"""

from caseload.demo.writer import BuildReport, NotADemoDatabase, build, read_marker

__all__ = ["BuildReport", "NotADemoDatabase", "build", "read_marker"]
