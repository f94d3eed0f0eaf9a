"""``python -m bench`` runs end to end at the smallest sizes (SQLite only) and prints its
table and valid JSON. No timing is asserted: a benchmark's figures are reported, never
tested."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALLEST = ["--quick", "--no-postgres", "--people", "40", "--joins", "10"]


def test_bench_prints_a_table_and_json() -> None:
    """With ``--json`` the JSON goes to stdout and the table, as always, to the terminal."""
    found = subprocess.run(
        [sys.executable, "-m", "bench", *SMALLEST, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert found.returncode == 0, found.stderr[-3000:]
    assert "| scenario | backend | median ms |" in found.stderr
    document = json.loads(found.stdout)
    assert document["failures"] == []
    scenarios = {row["scenario"] for row in document["rows"]}
    assert "roster page of 100, N=40" in scenarios
    assert any(s.startswith("roster all pages") for s in scenarios)
    assert any(s.startswith("transcript http") for s in scenarios)
    assert any(s.startswith("roster export csv") for s in scenarios)
    assert any(s.startswith("write burst") for s in scenarios)
    assert {row["backend"] for row in document["rows"]} == {"sqlite"}
