"""The shape of the code, checked: no import circle, one door to PTB's private parts, and
each layer importing only what it may (bot/domain and storage/ never import telegram)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "storage")
# The one module that may touch python-telegram-bot's private names (and checks them at start).
PTB_DOOR = "bot.runtime.ptb"


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports, anywhere in it (inside functions too: an import
    moved into a function to dodge a circle is still a circle)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {imported for imported in found if imported in MODULES and imported != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_modules_were_found() -> None:
    assert "bot.app" in MODULES
    assert "storage.models" in MODULES
    assert "storage.db" in GRAPH["bot.app"]


def test_no_import_circle() -> None:
    assert _cycles() == []


def test_a_circle_would_be_found() -> None:
    """The check itself: a made-up edge back from storage.db to bot.app closes a circle."""
    GRAPH["storage.db"].add("bot.app")
    try:
        assert _cycles() != []
    finally:
        GRAPH["storage.db"].discard("bot.app")


def _third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_domain_code_imports_neither_telegram_nor_the_database() -> None:
    for name, path in MODULES.items():
        if name.startswith("bot.domain"):
            imported = _third_party(path)
            assert not {
                module
                for module in imported
                if module.split(".")[0] in {"telegram", "sqlalchemy", "storage"}
                or module.startswith(("bot.ui", "bot.runtime", "bot.follow_ups"))
            }, name


def test_storage_never_imports_telegram_or_the_bot_edge() -> None:
    for name, path in MODULES.items():
        if name.startswith("storage"):
            imported = _third_party(path)
            assert not {
                module
                for module in imported
                if module.split(".")[0] == "telegram"
                or (module.startswith("bot.") and not module.startswith("bot.config"))
            }, name


def _private_ptb_uses(path: Path) -> list[str]:
    """Imports from telegram's private modules, and private attributes of PTB's objects."""
    tree = ast.parse(path.read_text())
    uses: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("telegram"):
            if any(part.startswith("_") for part in node.module.split(".")):
                uses.append(f"from {node.module} import …")
        elif isinstance(node, ast.Import):
            uses.extend(
                alias.name
                for alias in node.names
                if alias.name.startswith("telegram")
                and any(part.startswith("_") for part in alias.name.split("."))
            )
        elif isinstance(node, ast.Attribute) and node.attr in PTB_PRIVATE_NAMES:
            uses.append(node.attr)
    return uses


# Private names of PTB and APScheduler objects this code base has used.
PTB_PRIVATE_NAMES = {"_conversations", "_get_key", "_update_persistence", "_job_queue"}


def test_only_one_module_touches_ptbs_private_parts() -> None:
    touching = {
        name: uses
        for name, path in MODULES.items()
        if (uses := _private_ptb_uses(path))
    }
    assert set(touching) <= {PTB_DOOR}, touching


def test_a_private_ptb_use_would_be_found(tmp_path: Path) -> None:
    """The check itself, on made-up code of the kinds this code base once had."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from telegram.ext._utils.types import ConversationDict\n"
        "def f(handler):\n"
        "    return handler._conversations, handler._get_key\n"
    )
    assert _private_ptb_uses(sample) == [
        "from telegram.ext._utils.types import …",
        "_conversations",
        "_get_key",
    ]
