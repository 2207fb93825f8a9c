"""The model's HTTP client: one POST to an OpenAI-compatible /chat/completions, plain httpx.

httpx rather than the `openai` package: it is installed with python-telegram-bot already,
the one call we make needs nothing more, every OpenAI-compatible server (Ollama, llama.cpp,
vLLM, hosted APIs) answers it the same way, and a fake server in the tests is a few lines.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from bot.llm.request import ModelRequest

log = logging.getLogger(__name__)

# The longest answer we read: a note is under 200 words; anything far longer is not one.
MAX_TOKENS = 700


class ModelError(Exception):
    """The model gave no usable answer; the message says why, without any of the text."""


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """LLM_BASE_URL, LLM_API_KEY, LLM_MODEL and LLM_TIMEOUT_SECONDS."""

    base_url: str
    model: str
    timeout: float
    api_key: SecretStr | None = None

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


class ModelClient:
    """Asks for one completion at a time; every failure is a ModelError within `timeout`."""

    def __init__(self, config: ModelConfig, *, transport: httpx.AsyncBaseTransport | None = None):
        self._config = config
        headers = {"Content-Type": "application/json"}
        if config.api_key is not None and config.api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {config.api_key.get_secret_value()}"
        self._http = httpx.AsyncClient(
            headers=headers, timeout=config.timeout, transport=transport, follow_redirects=False
        )

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._http.aclose()

    async def complete(self, request: ModelRequest) -> str:
        """The answer's text; ModelError for a timeout, an HTTP error, or no text in it."""
        body = request.body(self._config.model) | {"max_tokens": MAX_TOKENS}
        try:
            # httpx's timeout is per read: a server that trickles bytes is cut off here.
            async with asyncio.timeout(self._config.timeout):
                response = await self._http.post(self._config.url, json=body)
        except TimeoutError:
            raise ModelError(f"no answer within {self._config.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise ModelError(f"request failed ({type(error).__name__})") from None
        if response.status_code != httpx.codes.OK:
            raise ModelError(f"HTTP {response.status_code}")
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ModelError("an answer that is not a chat completion") from None
        if not isinstance(content, str) or not content.strip():
            raise ModelError("an empty answer")
        return content
