"""`python -m bench.places`: what the place index and the location lookup cost a fresh process.

Each figure comes from a fresh interpreter (a subprocess), so nothing is cached: the
import of bot.domain.places.timezones (what start-up pays), the first typed place (the SQLite
index opened), 100 typed places after it, and the first shared location (tzfpy's
polygons loaded). RSS is VmRSS from /proc after each step.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, time
from pathlib import Path

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

out = {"bare": rss()}
t = time.perf_counter()
from bot.domain.places import timezones
out["import_s"], out["import_rss"] = time.perf_counter() - t, rss()
t = time.perf_counter()
timezones.match_zone("Roma")
out["first_s"], out["after_first_rss"] = time.perf_counter() - t, rss()
from tests.bot.domain.places.test_lookup import PLACES  # imports pytest: RSS read after it
out["first_rss"] = rss()
t = time.perf_counter()
for row in PLACES[:100]:
    timezones.match_zone(row[0])
out["hundred_s"], out["hundred_rss"] = time.perf_counter() - t, rss()
t = time.perf_counter()
timezones.zone_at(52.52, 13.40)
out["location_s"], out["location_rss"] = time.perf_counter() - t, rss()
t = time.perf_counter()
timezones.zone_at(40.71, -74.0)
out["second_location_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def measure() -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def main() -> None:
    runs = [measure() for _ in range(3)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    print(f"bare interpreter RSS {best['bare']:.1f} MB (best of 3 fresh processes)")
    print(
        f"import bot.domain.places.timezones: {best['import_s'] * 1000:.0f} ms, "
        f"RSS +{best['import_rss'] - best['bare']:.1f} MB"
    )
    print(
        f"first typed place: {best['first_s'] * 1000:.1f} ms, "
        f"RSS +{best['after_first_rss'] - best['import_rss']:.1f} MB"
    )
    print(
        f"100 typed places after it: {best['hundred_s'] * 1000:.0f} ms in all, "
        f"RSS +{best['hundred_rss'] - best['first_rss']:.1f} MB"
    )
    print(
        f"first shared location (tzfpy): {best['location_s'] * 1000:.0f} ms, "
        f"RSS +{best['location_rss'] - best['hundred_rss']:.1f} MB; "
        f"the next one {best['second_location_s'] * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
