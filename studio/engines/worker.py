"""The engine process: loads models and runs jobs; the GUI never imports what this imports.

Started by EngineClient as ``python -m studio.engines.worker FD_IN FD_OUT``. A reader thread
takes requests off the pipe so a Cancel arrives while a job runs; jobs run one at a time on
the main thread, which checks for cancel at every token.
"""

from __future__ import annotations

import gc
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from studio.engines.errors import EngineError
from studio.engines.protocol import (
    Cancel,
    Cancelled,
    Done,
    Error,
    Event,
    GenerateText,
    LoadingProgress,
    LoadModel,
    ModelSpec,
    Request,
    Shutdown,
    Status,
    StatusRequest,
    Token,
    Unload,
)


class Engine:
    """Holds loaded models and runs one request at a time."""

    def __init__(self, emit: Callable[[Event], None], fingerprint_cache: str | None = None) -> None:
        self.emit = emit
        self.models: dict[str, Any] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self.fingerprint_cache = fingerprint_cache

    def cancel(self, job_id: str) -> None:
        with self._lock:
            self._cancelled.add(job_id)

    def is_cancelled(self, job_id: str) -> bool:
        with self._lock:
            return job_id in self._cancelled

    def _forget(self, job_id: str) -> None:
        with self._lock:
            self._cancelled.discard(job_id)

    def model_for(self, spec: ModelSpec, job_id: str) -> Any:
        if spec.key in self.models:
            return self.models[spec.key]
        report = lambda fraction, message: self.emit(  # noqa: E731
            LoadingProgress(job_id, fraction, message)
        )
        if spec.backend == "transformers":
            from pathlib import Path

            from studio.engines.text.transformers_backend import TransformersTextModel

            cache = Path(self.fingerprint_cache) if self.fingerprint_cache else None
            model = TransformersTextModel(spec, report, cache)
        elif spec.backend == "openai":
            from studio.engines.text.openai_backend import OpenAICompatibleModel

            model = OpenAICompatibleModel(spec, report)
        elif spec.backend == "llama_cpp":
            from studio.engines.text.llama_cpp_backend import LlamaCppModel

            model = LlamaCppModel(spec, report)
        else:
            raise EngineError(f"Unknown engine backend {spec.backend!r}.")
        self.models[spec.key] = model
        return model

    def handle(self, request: Request) -> None:
        job = request.job_id
        try:
            if self.is_cancelled(job):
                self.emit(Cancelled(job))
            elif isinstance(request, LoadModel):
                model = self.model_for(request.model, job)
                self.emit(Done(job, {"model": model.info()}))
            elif isinstance(request, GenerateText):
                model = self.model_for(request.model, job)
                result = model.generate(
                    request,
                    lambda text, index: self.emit(Token(job, text, index)),
                    lambda: self.is_cancelled(job),
                )
                if result.get("stop_reason") == "cancelled":
                    self.emit(Cancelled(job, result))
                else:
                    self.emit(Done(job, result))
            elif isinstance(request, Unload):
                keys = [request.model_key] if request.model_key else list(self.models)
                for key in keys:
                    model = self.models.pop(key, None)
                    if model is not None and hasattr(model, "close"):
                        model.close()
                gc.collect()
                self.emit(Done(job, {"unloaded": keys}))
            elif isinstance(request, StatusRequest):
                self.emit(Status(job, [m.info() for m in self.models.values()], os.getpid()))
            else:
                raise EngineError(f"The engine does not understand {type(request).__name__}.")
        except EngineError as error:
            self.emit(Error(job, str(error)))
        except MemoryError:
            self.emit(
                Error(
                    job,
                    "The model does not fit in memory. Close other programs or "
                    "choose a smaller model.",
                    traceback.format_exc(),
                )
            )
        except Exception as error:  # reported to the studio; the worker lives on
            self.emit(Error(job, f"The engine failed: {error}", traceback.format_exc()))
        finally:
            self._forget(job)


def serve(incoming: Connection, outgoing: Connection, fingerprint_cache: str | None) -> None:
    send_lock = threading.Lock()

    def emit(event: Event) -> None:
        with send_lock:
            outgoing.send(event)

    engine = Engine(emit, fingerprint_cache)
    jobs: queue.Queue[Request | None] = queue.Queue()

    def read_requests() -> None:
        while True:
            try:
                request = incoming.recv()
            except (EOFError, OSError):
                os._exit(0)  # the studio is gone: nothing left to serve
            if isinstance(request, Cancel):
                engine.cancel(request.target)
            elif isinstance(request, Shutdown):
                jobs.put(None)
                return
            else:
                jobs.put(request)

    threading.Thread(target=read_requests, name="engine-requests", daemon=True).start()
    while (request := jobs.get()) is not None:
        engine.handle(request)


def main(argv: list[str]) -> int:
    fd_in, fd_out = int(argv[1]), int(argv[2])
    fingerprint_cache = argv[3] if len(argv) > 3 else None
    serve(Connection(fd_in, writable=False), Connection(fd_out, readable=False), fingerprint_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
