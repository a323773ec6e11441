"""Run time_zone_probe.py under several TZ values and check that the outputs are equal byte for byte.

Usage: compare_time_zones.py [ZONE ...]; by default UTC, America/New_York,
Asia/Kathmandu (+05:45) and Pacific/Chatham (+12:45, with daylight saving).
Exits 1 and prints both outputs when any differs.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

PROBE = pathlib.Path(__file__).with_name("time_zone_probe.py")
DEFAULT_ZONES = ["UTC", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham"]


def run_probe(zone: str) -> bytes:
    environment = dict(os.environ, TZ=zone)
    completed = subprocess.run([sys.executable, str(PROBE)], capture_output=True, env=environment, check=False)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"the probe failed under TZ={zone} with exit code {completed.returncode}")
    return completed.stdout


def main() -> int:
    zones = sys.argv[1:] or DEFAULT_ZONES
    outputs = {zone: run_probe(zone) for zone in zones}
    reference = outputs[zones[0]]
    different = [zone for zone in zones[1:] if outputs[zone] != reference]
    if different:
        for zone in [zones[0]] + different:
            print(f"--- TZ={zone}")
            print(outputs[zone].decode("utf-8", "replace"))
        print(f"outputs differ under TZ={', '.join(different)} from TZ={zones[0]}")
        return 1
    lines = reference.count(b"\n")
    print(f"{lines} lines identical under TZ={', '.join(zones)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
