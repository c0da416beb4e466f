"""`lyra generate text`: stream a model's output to stdout through the engine process."""

from __future__ import annotations

import argparse
import queue
import sys


def add_parser(commands: argparse._SubParsersAction) -> None:
    generate = commands.add_parser("generate", help="generate with a local model")
    kinds = generate.add_subparsers(dest="kind", required=True)
    text = kinds.add_parser("text", help="stream generated text to stdout")
    text.add_argument("--model", required=True, help="installed name, repo id, folder or URL")
    text.add_argument("--prompt", required=True, help="the prompt ('-' reads standard input)")
    text.add_argument(
        "--chat",
        action="store_true",
        help="send the prompt as a user message through the chat template",
    )
    text.add_argument("--max-new-tokens", type=int, default=200)
    text.add_argument("--temperature", type=float, default=0.8)
    text.add_argument("--top-p", type=float, default=0.95)
    text.add_argument("--top-k", type=int, default=0)
    text.add_argument("--min-p", type=float, default=0.0)
    text.add_argument("--repetition-penalty", type=float, default=1.0)
    text.add_argument("--stop", action="append", default=[], help="stop string (repeatable)")
    text.add_argument("--seed", type=int)
    text.add_argument("--backend", choices=("transformers", "llama_cpp", "openai"))
    text.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"))
    text.add_argument(
        "--precision",
        default="auto",
        choices=("auto", "float32", "bfloat16", "float16", "int8"),
        help="int8 is the CPU's fast setting: several times faster, slightly different text",
    )
    text.add_argument("--allow-pickle", action="store_true")
    text.add_argument("--api-model", default="", help="model name for an OpenAI-style server")
    text.add_argument("--stats", action="store_true", help="print speed figures to stderr")


def _model_spec(options: argparse.Namespace):
    from studio.config import Paths
    from studio.engines.models import ModelStore
    from studio.engines.protocol import ModelSpec

    source, backend = options.model, options.backend
    if source.startswith(("http://", "https://")):
        backend = backend or "openai"
    else:
        installed = ModelStore(Paths.default().data).find(source)
        if installed is not None:
            source, backend = installed.source, backend or installed.backend
        elif source.lower().endswith(".gguf"):
            backend = backend or "llama_cpp"
    return ModelSpec(
        source,
        backend or "transformers",
        options.device,
        options.precision,
        options.allow_pickle,
        options.api_model,
    )


def _memory_warning(source: str) -> str | None:
    from pathlib import Path

    from studio.engines.models import memory_warning
    from studio.engines.weights import weights_bytes

    folder = Path(source).expanduser()
    if folder.is_file():
        return memory_warning(folder.stat().st_size)
    if folder.is_dir():
        return memory_warning(weights_bytes(folder))
    return None


def run(options: argparse.Namespace) -> int:
    from studio.engines.client import EngineClient
    from studio.engines.protocol import (
        Cancelled,
        Done,
        Error,
        GenerateText,
        LoadingProgress,
        SamplingParams,
        Token,
    )

    prompt = sys.stdin.read() if options.prompt == "-" else options.prompt
    params = SamplingParams(
        max_new_tokens=options.max_new_tokens,
        temperature=options.temperature,
        top_p=options.top_p,
        top_k=options.top_k,
        min_p=options.min_p,
        repetition_penalty=options.repetition_penalty,
        stop=tuple(options.stop),
        seed=options.seed,
    )
    try:
        params.validate()
    except ValueError as error:
        print(f"lyra: {error}", file=sys.stderr)
        return 2
    request = GenerateText(model=_model_spec(options), params=params)
    warning = _memory_warning(request.model.source)
    if warning:
        print(f"lyra: warning: {warning}", file=sys.stderr)
    if options.chat:
        request.messages = [{"role": "user", "content": prompt}]
    else:
        request.prompt = prompt
    events: queue.Queue = queue.Queue()
    client = EngineClient(events.put)
    job = client.submit(request)
    try:
        while True:
            event = events.get()
            if event.job_id != job:
                continue
            if isinstance(event, LoadingProgress):
                print(
                    f"\r[{event.fraction:4.0%}] {event.message}\033[K",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
                if event.fraction >= 1:
                    print(file=sys.stderr)
            elif isinstance(event, Token):
                sys.stdout.write(event.text)
                sys.stdout.flush()
            elif isinstance(event, Done):
                print()
                if options.stats:
                    r = event.result
                    print(
                        f"{r['tokens']} tokens, {r['tokens_per_s']:.1f} tokens/s, first token "
                        f"after {r['ttft_s']:.2f} s, seed {r['seed']}, stop: "
                        f"{r['stop_reason']}",
                        file=sys.stderr,
                    )
                return 0
            elif isinstance(event, Error):
                print(f"\nlyra: {event.message}", file=sys.stderr)
                return 1
            elif isinstance(event, Cancelled):
                return 130
    except KeyboardInterrupt:
        client.cancel(job)
        print("\nlyra: cancelled", file=sys.stderr)
        return 130
    finally:
        client.shutdown()
