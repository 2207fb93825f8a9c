"""The README's Layout names every module under bot/ and storage/, each once, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A module named in the docs: a path in backticks, e.g. `bot/follow_ups/dispatch.py`.
NAMED = re.compile(r"`((?:bot|storage)/[\w/]+\.py)`")


def modules() -> set[str]:
    """Every module of the code, as a path from the repository's root."""
    found = set()
    for package in ("bot", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            # Alembic's revisions are a history, not modules a reader looks for.
            if path.name != "__init__.py" and not relative.startswith(
                "storage/migrations/versions/"
            ):
                found.add(relative)
    return found


def section(path: Path, title: str) -> str:
    """The text of a `## title` section of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"{path.name} has no '## {title}' section"
    return match.group(1)


def test_the_readme_layout_names_every_module() -> None:
    named = NAMED.findall(section(ROOT / "README.md", "Layout"))
    missing = sorted(modules() - set(named))
    assert not missing, f"add to the README's Layout, one line each: {missing}"


def test_the_readme_layout_names_each_module_once_and_only_modules_that_exist() -> None:
    named = NAMED.findall(section(ROOT / "README.md", "Layout"))
    assert sorted(set(named) - modules()) == [], "the README's Layout names modules that are gone"
    assert sorted({name for name in named if named.count(name) > 1}) == []


def test_the_architecture_names_only_modules_that_exist() -> None:
    named = set(NAMED.findall((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")))
    assert sorted(named - modules()) == [], "docs/ARCHITECTURE.md names modules that are gone"
