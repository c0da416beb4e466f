"""The result every text backend returns when a generation ends."""

from __future__ import annotations

from typing import Any

from studio.engines.protocol import SamplingParams


def generation_result(
    *,
    text: str,
    tokens: int,
    stop_reason: str,
    seed: int | None,
    started: float,
    first_token_at: float | None,
    finished: float,
    model: dict[str, Any],
    params: SamplingParams,
    prompt_tokens: int = 0,
    reused_prefix_tokens: int = 0,
) -> dict[str, Any]:
    """Times are perf_counter() readings; decode speed counts tokens after the first."""
    decoding = finished - first_token_at if first_token_at else 0.0
    return {
        "text": text,
        "tokens": tokens,
        "stop_reason": stop_reason,
        "prompt_tokens": prompt_tokens,
        "reused_prefix_tokens": reused_prefix_tokens,
        "seed": seed,
        "ttft_s": (first_token_at or finished) - started,
        "tokens_per_s": (tokens - 1) / decoding if decoding > 0 and tokens > 1 else 0.0,
        "model": model,
        "params": params.__dict__,
    }
