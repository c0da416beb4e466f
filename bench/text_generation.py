"""Text generation speed on this machine's CPU: the studio's engine against a plain
transformers pipeline and against the memory-bandwidth bound.

A random-weight model with the Qwen2.5-0.5B-Instruct architecture (weights' values do not
change speed) is built once into bench/.cache. For a ~500-token prompt and 128 new tokens it
measures decode tokens/s and time to first token (TTFT):

  (a) the studio's engine process at each precision (auto, float32, bfloat16, int8);
  (b) `pipeline("text-generation")` with its defaults;
  (c) the bound: measured copy bandwidth / bytes of weights read per token;

plus TTFT with and without prefix reuse. Run: .venv/bin/python bench/text_generation.py
"""

from __future__ import annotations

import argparse
import json
import queue
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache" / "qwen2.5-0.5b-random"
PROMPT_TOKENS = 500
NEW_TOKENS = 128
QWEN_05B = dict(
    vocab_size=151936,
    hidden_size=896,
    intermediate_size=4864,
    num_hidden_layers=24,
    num_attention_heads=14,
    num_key_value_heads=2,
    max_position_embeddings=32768,
    rope_theta=1000000.0,
    tie_word_embeddings=True,
    rms_norm_eps=1e-6,
)


def build_model(folder: Path) -> Path:
    """The Qwen2.5-0.5B architecture with random weights and a small trained tokenizer."""
    if (folder / "model.safetensors").is_file():
        return folder
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    from tests.engines.tiny_models import train_tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    train_tokenizer(folder, vocab_size=2000)
    torch.manual_seed(0)
    config = Qwen2Config(**QWEN_05B, eos_token_id=0, bos_token_id=None)
    model = Qwen2ForCausalLM(config).to(torch.bfloat16)  # bf16 on disk, like the real one
    model.generation_config.eos_token_id = None  # random weights: always run 128 tokens
    model.save_pretrained(folder, safe_serialization=True)
    return folder


def make_prompt(folder: Path) -> str:
    from transformers import AutoTokenizer

    from tests.engines.tiny_models import CORPUS

    tokenizer = AutoTokenizer.from_pretrained(folder)
    text = ""
    for sentence in CORPUS * 10:
        if len(tokenizer(text)["input_ids"]) >= PROMPT_TOKENS:
            break
        text += sentence + " "
    ids = tokenizer(text)["input_ids"][:PROMPT_TOKENS]
    return tokenizer.decode(ids)


def copy_bandwidth_gbs() -> float:
    """Bytes moved per second by a large tensor copy (read + write), best of five."""
    import torch

    source = torch.ones(256 * 2**20, dtype=torch.float32)  # 1 GiB
    target = torch.empty_like(source)
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        target.copy_(source)
        best = min(best, time.perf_counter() - started)
    return 2 * source.numel() * 4 / best / 1e9


def weight_bytes_per_token(precision: str) -> float:
    """Bytes of weights read for one decode step (the tied embedding is read by lm_head)."""
    h, i, layers = QWEN_05B["hidden_size"], QWEN_05B["intermediate_size"], 24
    kv = h // QWEN_05B["num_attention_heads"] * QWEN_05B["num_key_value_heads"]
    per_layer = h * h * 2 + h * kv * 2 + 3 * h * i
    parameters = layers * per_layer + QWEN_05B["vocab_size"] * h
    return parameters * {"float32": 4, "bfloat16": 2, "int8": 1}[precision]


def run_pipeline(folder: Path, prompt: str) -> dict[str, float]:
    """(b): a plain transformers pipeline with its defaults; TTFT through a streamer."""
    from transformers import pipeline
    from transformers.generation.streamers import BaseStreamer

    class Clock(BaseStreamer):
        def __init__(self) -> None:
            self.times: list[float] = []

        def put(self, value) -> None:
            self.times.append(time.perf_counter())

        def end(self) -> None:
            pass

    generator = pipeline("text-generation", model=str(folder), device="cpu")
    dtype = str(generator.model.dtype).replace("torch.", "")
    generator(prompt, max_new_tokens=4, min_new_tokens=4)  # warm-up
    clock = Clock()
    started = time.perf_counter()
    generator(
        prompt,
        max_new_tokens=NEW_TOKENS,
        min_new_tokens=NEW_TOKENS,
        streamer=clock,
        do_sample=False,
    )
    finished = time.perf_counter()
    first = clock.times[1]  # times[0] is the prompt being put
    return {
        "dtype": dtype,
        "ttft_s": first - started,
        "tokens_per_s": (NEW_TOKENS - 1) / (finished - first),
    }


def run_engine(folder: Path, prompt: str, precision: str) -> dict[str, float]:
    """(a): the studio's engine process; TTFT cold, then with the prefix reused."""
    from studio.engines.client import EngineClient
    from studio.engines.protocol import (
        Done,
        Error,
        GenerateText,
        LoadModel,
        ModelSpec,
        SamplingParams,
    )

    events: queue.Queue = queue.Queue()
    client = EngineClient(events.put)
    spec = ModelSpec(str(folder), precision=precision)

    def finish(request) -> dict:
        client.submit(request)
        while True:
            event = events.get()
            if event.job_id == request.job_id and isinstance(event, Done | Error):
                if isinstance(event, Error):
                    raise RuntimeError(event.message + event.details)
                return event.result

    try:
        model = finish(LoadModel(model=spec))["model"]
        params = SamplingParams(max_new_tokens=NEW_TOKENS, temperature=0)
        finish(
            GenerateText(
                model=spec,
                prompt=prompt[:200],
                params=SamplingParams(max_new_tokens=4, temperature=0),
                reuse_prefix=False,
            )
        )  # warm-up
        cold = finish(GenerateText(model=spec, prompt=prompt, params=params, reuse_prefix=False))
        follow_up = prompt + cold["text"] + " And then"
        cold_follow = finish(
            GenerateText(
                model=spec,
                prompt=follow_up,
                params=SamplingParams(max_new_tokens=2, temperature=0),
                reuse_prefix=False,
            )
        )
        finish(GenerateText(model=spec, prompt=prompt, params=params, reuse_prefix=False))
        reused = finish(
            GenerateText(
                model=spec,
                prompt=follow_up,
                params=SamplingParams(max_new_tokens=2, temperature=0),
                reuse_prefix=True,
            )
        )
    finally:
        client.shutdown()
    return {
        "precision": model["precision"],
        "tokens": cold["tokens"],
        "tokens_per_s": cold["tokens_per_s"],
        "ttft_s": cold["ttft_s"],
        "follow_up_ttft_cold_s": cold_follow["ttft_s"],
        "follow_up_ttft_reused_s": reused["ttft_s"],
        "reused_tokens": reused["reused_prefix_tokens"],
        "follow_up_tokens": reused["prompt_tokens"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precisions", default="auto,float32,bfloat16,int8")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    folder = build_model(CACHE)
    prompt = make_prompt(folder)
    bandwidth = copy_bandwidth_gbs()
    baseline = run_pipeline(folder, prompt)
    engine = {p: run_engine(folder, prompt, p) for p in options.precisions.split(",")}
    bounds = {
        p: bandwidth * 1e9 / weight_bytes_per_token(p) for p in ("float32", "bfloat16", "int8")
    }
    report = {
        "copy_bandwidth_gbs": bandwidth,
        "bound_tokens_per_s": bounds,
        "pipeline": baseline,
        "engine": engine,
    }
    if options.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"Qwen2.5-0.5B architecture, random weights; prompt {PROMPT_TOKENS} tokens, "
        f"{NEW_TOKENS} new tokens; {torch.get_num_threads()} threads"
    )
    print(
        f"copy bandwidth {bandwidth:.1f} GB/s -> bound: "
        + ", ".join(f"{p} {b:.1f} tok/s" for p, b in bounds.items())
    )
    print(
        f"(b) pipeline ({baseline['dtype']}): {baseline['tokens_per_s']:.1f} tok/s, "
        f"TTFT {baseline['ttft_s']:.2f} s"
    )
    for name, result in engine.items():
        bound = bounds.get(result["precision"], float("nan"))
        speedup = result["tokens_per_s"] / baseline["tokens_per_s"]
        print(
            f"(a) engine {name:<8} ({result['precision']}): "
            f"{result['tokens_per_s']:.1f} tok/s = {speedup:.2f}x pipeline, "
            f"{result['tokens_per_s'] / bound:.0%} of its bound; TTFT {result['ttft_s']:.2f} s"
        )
    fastest = max(engine.values(), key=lambda r: r["tokens_per_s"])
    ratio = fastest["follow_up_ttft_reused_s"] / fastest["follow_up_ttft_cold_s"]
    print(
        f"prefix reuse ({fastest['precision']}): follow-up TTFT "
        f"{fastest['follow_up_ttft_reused_s']:.3f} s reused ({fastest['reused_tokens']} of "
        f"{fastest['follow_up_tokens']} tokens) vs {fastest['follow_up_ttft_cold_s']:.3f} s "
        f"cold = {ratio:.0%} (goal <= 20%)"
    )
    print(
        f"fastest setting: {fastest['precision']} at "
        f"{fastest['tokens_per_s'] / baseline['tokens_per_s']:.2f}x the pipeline (goal >= 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
