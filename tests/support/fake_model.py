"""A fake OpenAI-compatible server on 127.0.0.1: answers POST /v1/chat/completions as told,
and records every request (headers and JSON body)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What the fake answers with: the message content for a request body, or a raw HTTP reply.
Answer = Callable[[dict[str, Any]], str]


@dataclass
class Raw:
    """An answer that is not a chat completion: a status and a body as they are."""

    status: int
    body: bytes


@dataclass
class FakeModel:
    answer: Answer | Raw = field(default_factory=lambda: Raw(500, b"not told"))
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/v1"

    async def __aenter__(self) -> FakeModel:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def sent(self) -> str:
        """Every request body, as one text: what left the bot."""
        return "\n".join(json.dumps(body, ensure_ascii=False) for body in self.requests)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {
                name.strip().lower(): value.strip()
                for name, _, value in (line.partition(":") for line in lines[1:] if line)
            }
            length = int(headers.get("content-length", "0"))
            body = json.loads(await reader.readexactly(length)) if length else {}
            self.headers.append(headers)
            self.requests.append(body)
            if self.delay:
                await asyncio.sleep(self.delay)
            if isinstance(self.answer, Raw):
                status, payload = self.answer.status, self.answer.body
            else:
                content = self.answer(body)
                status = 200
                payload = json.dumps(
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": content},
                                "finish_reason": "stop",
                            }
                        ],
                    }
                ).encode()
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def facts_of(body: dict[str, Any]) -> dict[str, Any]:
    """The facts the bot sent, read back from the user message (as a model would)."""
    text = body["messages"][-1]["content"]
    facts: dict[str, Any] = {"points": [], "pitch": []}
    section = None
    for line in text.splitlines():
        if line.startswith("- ") and section:
            facts[section].append(line[2:])
            continue
        section = None
        if line.startswith("What we discussed ("):
            section = "points"
        elif line.startswith("Why the candidate fits"):
            section = "pitch"
        elif ":" in line:
            key, _, value = line.partition(":")
            facts[key.split(" (")[0].strip()] = value.strip()
    greet = re.search(r"\(greet as: ([^)]*)\)", text)
    facts["greet"] = greet.group(1) if greet else "Hello"
    return facts


_SENTENCES = (
    ("Thank you for the conversation", "It made me more certain that I would enjoy the role."),
    ("Many thanks for your time", "I came away keen to bring my experience to this work."),
    ("I enjoyed our talk", "It showed me how well my background fits what you need."),
)


def good_note(body: dict[str, Any], variant: int = 0) -> str:
    """A note that passes every check, from what was sent; variants share no sentence."""
    facts = facts_of(body)
    point = facts["points"][0] if facts["points"] else "the team"
    opening, fit = _SENTENCES[variant % len(_SENTENCES)]
    return (
        f"Subject: Thank you for our conversation\n\n"
        f"Dear {facts['greet']},\n\n"
        f"{opening} about the {facts['Role']} role at {facts['Company']}. "
        f"I keep thinking about {point}, and how it shapes the work ahead. {fit}\n\n"
        f"I look forward to the next steps.\n\n"
        f"Best regards,\n{facts['Candidate']}"
    )


def good_call(body: dict[str, Any]) -> str:
    facts = facts_of(body)
    point = facts["points"][0] if facts["points"] else "the team"
    return (
        f"- Introduce yourself: {facts['Candidate']}, about the {facts['Role']} role.\n"
        f"- Say you are still keen on {facts['Company']} and recall {point}.\n"
        "- Ask: is there an update on the next steps?\n"
        "- Thank them for their time.\n"
        f"Voicemail: Hello {facts['greet']}, this is {facts['Candidate']} calling about the "
        f"{facts['Role']} role at {facts['Company']}. I would love to hear about the next "
        "steps when you have a moment. Thank you."
    )
