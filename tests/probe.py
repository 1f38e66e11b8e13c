"""Run a caseload command in a fresh process and report which of some libraries it loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from caseload.entry import main
watch = set(sys.argv[1].split(","))
sys.argv = ["caseload", *sys.argv[2:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(({m.split(".")[0] for m in sys.modules} | set(sys.modules)) & watch)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def loaded(heavy: tuple[str, ...], *args: object) -> dict[str, object]:
    """``{"code": exit code, "heavy": [the libraries of ``heavy`` the command imported]}``
    (a name with a dot, ``importlib.metadata``, is that module; without, the package)."""
    done = subprocess.run([sys.executable, "-c", PROBE, ",".join(heavy), *map(str, args)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "CASELOAD_LANG": "en"})
    return json.loads(done.stderr.strip().splitlines()[-1])
