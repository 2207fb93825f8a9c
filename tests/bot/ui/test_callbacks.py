"""The callback-data codec: round trips, limits, and refusal of forged or stale data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ui.callbacks import Callback, Scope, button_data, pattern


def test_packs_and_parses_back() -> None:
    data = button_data(Scope.FOLLOW_UP, "done", 42)
    assert data == "fu:v1:done:42"
    parsed = Callback.parse(data)
    assert parsed == Callback(Scope.FOLLOW_UP, "done", ("42",))
    assert parsed is not None
    assert parsed.int_arg() == 42


@pytest.mark.parametrize(
    "data",
    ["", "fu", "fu:v1", "fu:v1:", "fu:v0:done:1", "zz:v1:done:1", "x" * 65, "fu:v2:done:1"],
)
def test_malformed_or_other_version_is_refused(data: str) -> None:
    assert Callback.parse(data) is None


@pytest.mark.parametrize(
    "arg",
    [
        "-1",
        "0",
        "abc",
        "1e3",
        "",
        "4" * 40,
        "2147483648",
        "٣",
        "\uff11\uff12",
        "1_000",
        " 7",
        "+7",
        "7\n",
    ],
)
def test_ids_must_be_positive_integers(arg: str) -> None:
    parsed = Callback.parse(f"fu:v1:done:{arg}")
    assert parsed is not None
    assert parsed.int_arg() is None


def test_the_largest_id_is_read() -> None:
    parsed = Callback.parse("fu:v1:done:2147483647")
    assert parsed is not None
    assert parsed.int_arg() == 2**31 - 1
    assert parsed.int_arg(1) is None  # no second argument


def test_over_64_bytes_cannot_be_packed() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        button_data(Scope.DEBRIEF, "x" * 70)


def test_colons_in_arguments_cannot_be_packed() -> None:
    with pytest.raises(ValueError, match="':'"):
        button_data(Scope.DEBRIEF, "pick", "a:b")


@given(
    st.sampled_from(list(Scope)),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.lists(st.integers(min_value=1, max_value=2**53), max_size=2),
)
def test_any_ids_round_trip_within_the_limit(scope: Scope, action: str, ids: list[int]) -> None:
    data = button_data(scope, action, *ids)
    assert len(data.encode()) <= 64
    parsed = Callback.parse(data)
    assert parsed is not None
    assert parsed.scope is scope
    assert parsed.args == tuple(str(i) for i in ids)


def test_the_pattern_matches_only_its_scope() -> None:
    import re

    assert re.match(pattern(Scope.FOLLOW_UP), "fu:v1:done:1")
    assert not re.match(pattern(Scope.FOLLOW_UP), "db:v1:done:1")
