"""Choosing the next token from logits: repetition penalty, temperature, top-k, min-p, top-p.

Imported only inside the engine process (it needs torch).
"""

from __future__ import annotations

import torch

from studio.engines.protocol import SamplingParams


def apply_repetition_penalty(logits: torch.Tensor, seen: torch.Tensor, penalty: float) -> None:
    """Penalise tokens already in the context, in place (CTRL's rule, as transformers does)."""
    if penalty == 1.0 or seen.numel() == 0:
        return
    scores = logits.gather(-1, seen)
    scores = torch.where(scores < 0, scores * penalty, scores / penalty)
    logits.scatter_(-1, seen, scores)


def filter_logits(logits: torch.Tensor, params: SamplingParams) -> torch.Tensor:
    """Temperature, then top-k, min-p and top-p masks; returns new logits (1-D)."""
    logits = logits / params.temperature
    vocabulary = logits.shape[-1]
    if 0 < params.top_k < vocabulary:
        kth = torch.topk(logits, params.top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if params.min_p > 0:
        probs = torch.softmax(logits, dim=-1)
        logits = logits.masked_fill(probs < params.min_p * probs.max(), float("-inf"))
    if params.top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=True)
        cumulative = torch.softmax(sorted_logits, dim=-1).cumsum(dim=-1)
        remove = cumulative - torch.softmax(sorted_logits, dim=-1) > params.top_p
        remove[0] = False  # always keep the most likely token
        logits = logits.masked_fill(remove.scatter(0, order, remove), float("-inf"))
    return logits


def choose_token(
    logits: torch.Tensor,
    context_ids: torch.Tensor,
    params: SamplingParams,
    generator: torch.Generator,
) -> int:
    """The next token id for 1-D ``logits`` given the 1-D ids seen so far."""
    logits = logits.float().clone()
    if params.repetition_penalty != 1.0:
        apply_repetition_penalty(logits, context_ids.unique(), params.repetition_penalty)
    if params.temperature == 0:
        return int(torch.argmax(logits))
    probs = torch.softmax(filter_logits(logits, params), dim=-1)
    return int(torch.multinomial(probs, 1, generator=generator))
