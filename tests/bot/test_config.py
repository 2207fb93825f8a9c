"""Every setting is documented the same way in .env.example, the README's table and the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import CHECKOUT_DIR, Settings

# `# NAME=value` or `NAME=value`, a line of its own.
_EXAMPLE_LINE = re.compile(r"^(#\s?)?([A-Z][A-Z0-9_]+)=(.*)$")
# | `NAME` | required | default | meaning |
_TABLE_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]+)` \| (yes|no) \| ([^|]+) \|")


def _normal(value: object) -> str:
    """A default as both documents write it: "" for none, 30 for 30.0."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def in_code() -> dict[str, str]:
    return {
        name.upper(): _normal(field.default) for name, field in Settings.model_fields.items()
    }


def in_env_example() -> tuple[dict[str, str], set[str]]:
    """Each setting's value in .env.example, and which are active (not commented out)."""
    values: dict[str, str] = {}
    active: set[str] = set()
    for line in (CHECKOUT_DIR / ".env.example").read_text().splitlines():
        match = _EXAMPLE_LINE.match(line)
        if match:
            commented, name, value = match.groups()
            assert name not in values, f"{name} twice in .env.example"
            values[name] = value.strip()
            if not commented:
                active.add(name)
    return values, active


def in_readme() -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in (CHECKOUT_DIR / "README.md").read_text().splitlines():
        match = _TABLE_ROW.match(line)
        if match:
            name, _required, default = match.groups()
            default = default.strip()
            rows[name] = "" if default == "—" else default.strip("`")
    return rows


def test_the_same_settings_are_named_everywhere() -> None:
    example, _ = in_env_example()
    assert set(example) == set(in_code())
    assert set(in_readme()) == set(in_code())


@pytest.mark.parametrize("name", sorted(in_code()))
def test_each_default_is_the_same_everywhere(name: str) -> None:
    example, _ = in_env_example()
    assert example.get(name) == in_code()[name], f".env.example: {name}"
    assert in_readme().get(name) == in_code()[name], f"README.md: {name}"


def test_only_the_token_and_the_allowed_users_are_active_in_the_example() -> None:
    _, active = in_env_example()
    assert active == {"BOT_TOKEN", "ALLOWED_USERS"}
    lines = (CHECKOUT_DIR / ".env.example").read_text().splitlines()
    names = [m.group(2) for m in map(_EXAMPLE_LINE.match, lines) if m]
    assert names[:2] == ["BOT_TOKEN", "ALLOWED_USERS"]  # right under the token


def test_the_example_is_read_as_the_defaults(tmp_path: Path) -> None:
    """Copied to .env unchanged (but the token), it changes nothing."""
    env = tmp_path / ".env"
    env.write_text((CHECKOUT_DIR / ".env.example").read_text())
    assert Settings(_env_file=env) == Settings()  # type: ignore[call-arg]
