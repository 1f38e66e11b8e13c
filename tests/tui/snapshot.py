"""SVG snapshots of the app, compared with baselines in tests/tui/snapshots/.

pytest-textual-snapshot 1.1.0 requires pytest < 9 (we pin 9.2.0), so this does the same
with ``App.export_screenshot()``. Regenerate the baselines after a deliberate change with
``CASELOAD_SNAPSHOT_UPDATE=1 pytest tests/tui/test_snapshots.py``, then review the SVGs (open
them in a browser) before committing. A failing comparison writes what it saw next to the
baseline as ``NAME.actual.svg`` for review.
"""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_ENV = "CASELOAD_SNAPSHOT_UPDATE"


def assert_matches_snapshot(name: str, svg: str) -> None:
    baseline = SNAPSHOTS / f"{name}.svg"
    actual = SNAPSHOTS / f"{name}.actual.svg"
    if os.environ.get(UPDATE_ENV) == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        baseline.write_text(svg, encoding="utf-8")
        actual.unlink(missing_ok=True)
        return
    if not baseline.exists():
        raise AssertionError(f"no baseline {baseline}: run with {UPDATE_ENV}=1 and review it")
    if svg != baseline.read_text(encoding="utf-8"):
        actual.write_text(svg, encoding="utf-8")
        raise AssertionError(f"{name} differs from its baseline: compare {actual} with "
                             f"{baseline}; if the change is meant, rerun with {UPDATE_ENV}=1")
    actual.unlink(missing_ok=True)
