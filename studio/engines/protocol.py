"""Requests to the engine process and the typed events it answers with.

Plain dataclasses, pickled over a private pipe between the studio and its own worker
process (never across machines). Every event carries the ``job_id`` of its request.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

_job_ids = itertools.count(1)


def new_job_id() -> str:
    return f"job-{next(_job_ids)}"


# ----------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class SamplingParams:
    """How to pick each next token. ``temperature`` 0 means greedy."""

    max_new_tokens: int = 200
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 0
    min_p: float = 0.0
    repetition_penalty: float = 1.0
    stop: tuple[str, ...] = ()
    seed: int | None = None

    def validate(self) -> None:
        problems = []
        if self.max_new_tokens < 1:
            problems.append("max new tokens must be at least 1")
        if self.temperature < 0:
            problems.append("temperature cannot be negative")
        if not 0 < self.top_p <= 1:
            problems.append("top-p must be in (0, 1]")
        if self.top_k < 0:
            problems.append("top-k cannot be negative")
        if not 0 <= self.min_p < 1:
            problems.append("min-p must be in [0, 1)")
        if self.repetition_penalty <= 0:
            problems.append("repetition penalty must be positive")
        if problems:
            raise ValueError("; ".join(problems).capitalize() + ".")


@dataclass(frozen=True)
class ModelSpec:
    """What to load: a local folder, a Hugging Face repo id in the cache, a GGUF file, or a
    server URL, and how."""

    source: str
    backend: str = "transformers"  # transformers | llama_cpp | openai
    device: str = "auto"  # auto | cpu | cuda | mps
    precision: str = "auto"  # auto | float32 | bfloat16 | float16 | int8 (CPU)
    allow_pickle: bool = False  # load .bin/.pt weights (runs code from the file: trust needed)
    api_model: str = ""  # the model name an OpenAI-compatible server expects
    api_key: str = ""

    @property
    def key(self) -> str:
        return f"{self.backend}:{self.source}:{self.device}:{self.precision}:{self.api_model}"


# ----------------------------------------------------------------------------- requests
@dataclass
class Request:
    job_id: str = field(default_factory=new_job_id)


@dataclass
class LoadModel(Request):
    model: ModelSpec = field(default_factory=lambda: ModelSpec(""))


@dataclass
class GenerateText(Request):
    model: ModelSpec = field(default_factory=lambda: ModelSpec(""))
    prompt: str = ""
    messages: list[dict[str, str]] | None = None  # chat form; uses the model's chat template
    params: SamplingParams = field(default_factory=SamplingParams)
    reuse_prefix: bool = True


@dataclass
class Cancel(Request):
    target: str = ""  # the job to cancel


@dataclass
class Unload(Request):
    model_key: str = ""  # empty: unload everything


@dataclass
class StatusRequest(Request):
    pass


@dataclass
class Shutdown(Request):
    pass


# ----------------------------------------------------------------------------- events
@dataclass
class Event:
    job_id: str


@dataclass
class LoadingProgress(Event):
    fraction: float
    message: str


@dataclass
class Token(Event):
    text: str
    index: int


@dataclass
class Progress(Event):
    fraction: float
    message: str = ""


@dataclass
class Done(Event):
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cancelled(Event):
    partial: dict[str, Any] = field(default_factory=dict)


@dataclass
class Error(Event):
    message: str
    details: str = ""


@dataclass
class Status(Event):
    loaded: list[dict[str, Any]] = field(default_factory=list)
    pid: int = 0


TERMINAL_EVENTS = (Done, Cancelled, Error, Status)
