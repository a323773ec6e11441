"""numpy stays optional: the package imports and computes batches without it."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
sys.modules["numpy"] = None  # makes "import numpy" raise ImportError
import datetime as dt
import jishiban

calendar = jishiban.Calendar()
results = calendar.add_working_minutes_batch([dt.datetime(2026, 9, 30, 16, 50), "2026-02-13T16:55"], 10)
print([value.isoformat() for value in results])
print(sys.modules["numpy"] is None)
"""


def test_import_and_batch_without_numpy():
    completed = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=os.environ.copy(), check=False)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == ["['2026-09-30T17:00:00+08:00', '2026-02-14T08:35:00+08:00']", "True"]


def test_import_does_not_load_numpy():
    script = "import sys, jishiban; jishiban.Calendar(); print('numpy' in sys.modules)"

    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "False"
