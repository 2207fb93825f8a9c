"""The results table: one row per figure, with its target and whether it was met."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One measured figure."""

    part: str
    case: str
    figure: str
    target: str = ""
    met: bool | None = None  # None: no target, shown for context

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: ""}[self.met]


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table (what README.md records)."""
    header = ["Part", "Case", "Figure", "Target", "Verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        f"| {row.part} | {row.case} | {row.figure} | {row.target} | {row.verdict} |" for row in rows
    ]
    return "\n".join(lines)


def save(rows: list[Row], machine: dict[str, str], command: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {"command": command, "machine": machine, "rows": [asdict(row) for row in rows]},
            indent=2,
        )
    )
