"""Models behind an OpenAI-compatible HTTP server: Ollama, LM Studio, llama.cpp's server,
vLLM, `transformers serve`. Streams server-sent events; cancel closes the connection.

Standard library only (urllib): the engine process needs nothing extra for this backend.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

from studio.engines.errors import EngineError
from studio.engines.protocol import GenerateText, ModelSpec
from studio.engines.text.result import generation_result

TIMEOUT_S = 600.0


def api_base(url: str) -> str:
    """The server's /v1 base, from what users paste (with or without /v1, with a slash)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EngineError(f"{url} is not a server address like http://127.0.0.1:8080/v1.")
    base = url.rstrip("/")
    return base if base.endswith("/v1") else base + "/v1"


class OpenAICompatibleModel:
    """A model served elsewhere; 'loading' checks the server and picks the model name."""

    def __init__(self, spec: ModelSpec, report: Callable[[float, str], None]) -> None:
        self.base = api_base(spec.source)
        self.api_key = spec.api_key
        report(0.2, f"Asking {self.base} which models it serves")
        served = [m.get("id", "") for m in self._get("/models").get("data", [])]
        if spec.api_model:
            self.model = spec.api_model
        elif len(served) == 1:
            self.model = served[0]
        else:
            names = ", ".join(served) or "none"
            raise EngineError(f"The server serves several models ({names}); choose one.")
        report(1.0, f"Using {self.model} at {self.base}")

    def info(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "url": self.base,
            "model": self.model,
            "weights_sha256": None,
            "memory_bytes": 0,
            "device": "server",
            "precision": "server",
        }

    # ----------------------------------------------------------------- HTTP
    def _request(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT_S)
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")[:500]
            raise EngineError(f"The server answered {error.code} for {path}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EngineError(
                f"Cannot reach the server at {self.base} ({reason}). Is it running?"
            ) from None

    def _get(self, path: str) -> dict[str, Any]:
        with self._request(path) as response:
            return json.loads(response.read())

    @staticmethod
    def _events(response: Any) -> Iterator[dict[str, Any]]:
        """The JSON payloads of a server-sent event stream, until [DONE]."""
        for raw in response:
            line = raw.decode("utf-8").strip()
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                return
            yield json.loads(data)

    # ----------------------------------------------------------------- generation
    def _payload(self, request: GenerateText) -> tuple[str, dict[str, Any]]:
        params = request.params
        payload: dict[str, Any] = {
            "model": self.model,
            "stream": True,
            "max_tokens": params.max_new_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
        }
        if params.seed is not None:
            payload["seed"] = params.seed
        if params.stop:
            payload["stop"] = list(params.stop)
        # Not in OpenAI's API, but understood by llama.cpp, vLLM, Ollama and LM Studio.
        if params.top_k:
            payload["top_k"] = params.top_k
        if params.min_p:
            payload["min_p"] = params.min_p
        if params.repetition_penalty != 1.0:
            payload["repetition_penalty"] = params.repetition_penalty
        if request.messages is not None:
            payload["messages"] = request.messages
            return "/chat/completions", payload
        payload["prompt"] = request.prompt
        return "/completions", payload

    def generate(
        self,
        request: GenerateText,
        on_text: Callable[[str, int], None],
        cancelled: Callable[[], bool],
    ) -> dict[str, Any]:
        request.params.validate()
        path, payload = self._payload(request)
        started = time.perf_counter()
        first_at = None
        pieces: list[str] = []
        stop_reason = "length"
        usage: dict[str, Any] = {}
        with self._request(path, payload) as response:
            try:
                for event in self._events(response):
                    if cancelled():
                        stop_reason = "cancelled"
                        break
                    usage = event.get("usage") or usage
                    for choice in event.get("choices", [])[:1]:
                        text = (choice.get("delta") or {}).get("content") or choice.get("text")
                        if text:
                            first_at = first_at or time.perf_counter()
                            pieces.append(text)
                            on_text(text, len(pieces))
                        reason = choice.get("finish_reason")
                        if reason:
                            stop_reason = {"stop": "stop", "length": "length"}.get(reason, reason)
            except (TimeoutError, OSError) as error:
                raise EngineError(f"The server stopped answering: {error}") from None
        finished = time.perf_counter()
        return generation_result(
            text="".join(pieces),
            tokens=usage.get("completion_tokens") or len(pieces),
            stop_reason=stop_reason,
            seed=request.params.seed,
            started=started,
            first_token_at=first_at,
            finished=finished,
            model=self.info(),
            params=request.params,
            prompt_tokens=usage.get("prompt_tokens", 0),
        )
