"""Without LLM settings nothing changes: bot.llm is not even imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from bot.config import CHECKOUT_DIR

_BUILD = textwrap.dedent(
    """
    import sys
    from bot.app import build_application
    from bot.config import Settings
    {settings}
    app = build_application(settings)
    jobs = [job.name for job in app.job_queue.jobs()]
    loaded = sorted(name for name in sys.modules if name.startswith("bot.llm"))
    print(loaded, "model-drafts" in jobs)
    """
)


def _build(settings: str) -> str:
    code = _BUILD.format(settings=settings)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=CHECKOUT_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_without_a_model_bot_llm_is_never_imported() -> None:
    settings = 'settings = Settings(bot_token="1:x", database_url="sqlite+aiosqlite:///:memory:")'
    assert _build(settings) == "[] False"


def test_with_a_model_the_sweep_is_scheduled() -> None:
    settings = (
        'settings = Settings(bot_token="1:x", database_url="sqlite+aiosqlite:///:memory:", '
        'llm_base_url="http://127.0.0.1:9/v1", llm_model="m")'
    )
    loaded, scheduled = _build(settings).rsplit(" ", 1)
    assert "bot.llm.job" in loaded
    assert scheduled == "True"
