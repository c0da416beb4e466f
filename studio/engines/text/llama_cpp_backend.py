"""GGUF models through llama-cpp-python, when it is installed (the `gguf` extra).

The studio works without it: choosing a GGUF model then says how to install it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.engines.errors import EngineError, ModelFilesError
from studio.engines.protocol import GenerateText, ModelSpec
from studio.engines.text.result import generation_result
from studio.engines.weights import weights_fingerprint


class LlamaCppModel:
    def __init__(self, spec: ModelSpec, report: Callable[[float, str], None]) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise EngineError(
                "GGUF models need llama-cpp-python, which is not installed. Install it with "
                "`.venv/bin/pip install llama-cpp-python`, or use a safetensors model."
            ) from None
        path = Path(spec.source).expanduser()
        if not path.is_file():
            raise ModelFilesError(f"No GGUF file at {path}.")
        report(0.1, f"Loading {path.name}")
        self.path = path
        self.llama = Llama(model_path=str(path), n_ctx=4096, verbose=False)
        self.sha256 = weights_fingerprint(path)
        report(1.0, "Ready")

    def info(self) -> dict[str, Any]:
        return {
            "backend": "llama_cpp",
            "folder": str(self.path),
            "device": "cpu",
            "precision": "gguf",
            "weights_sha256": self.sha256,
            "memory_bytes": self.path.stat().st_size,
        }

    def generate(
        self,
        request: GenerateText,
        on_text: Callable[[str, int], None],
        cancelled: Callable[[], bool],
    ) -> dict[str, Any]:
        params = request.params
        params.validate()
        seed = params.seed if params.seed is not None else random.randrange(2**31)
        options = {
            "max_tokens": params.max_new_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "top_k": params.top_k,
            "min_p": params.min_p,
            "repeat_penalty": params.repetition_penalty,
            "stop": list(params.stop) or None,
            "seed": seed,
            "stream": True,
        }
        started = time.perf_counter()
        first_at = None
        pieces: list[str] = []
        stop_reason = "length"
        if request.messages is not None:
            stream = self.llama.create_chat_completion(messages=request.messages, **options)
        else:
            stream = self.llama.create_completion(prompt=request.prompt, **options)
        for chunk in stream:
            if cancelled():
                stop_reason = "cancelled"
                break
            choice = chunk["choices"][0]
            text = choice.get("text") or (choice.get("delta") or {}).get("content") or ""
            if text:
                first_at = first_at or time.perf_counter()
                pieces.append(text)
                on_text(text, len(pieces))
            if choice.get("finish_reason"):
                stop_reason = choice["finish_reason"]
        finished = time.perf_counter()
        return generation_result(
            text="".join(pieces),
            tokens=len(pieces),
            stop_reason=stop_reason,
            seed=seed,
            started=started,
            first_token_at=first_at,
            finished=finished,
            model=self.info(),
            params=params,
        )
