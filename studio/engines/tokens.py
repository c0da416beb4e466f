"""Counting tokens in the studio's own process, with the model's tokenizer file when there is
one (the `tokenizers` library: no torch), else an estimate."""

from __future__ import annotations

import json
from pathlib import Path

from studio.writing.context import ApproxTokenCounter, TokenCounter


class TokenizerFileCounter:
    def __init__(self, tokenizer_file: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)


def context_length(model_source: str) -> int | None:
    """The model's context window from its config.json (local folders only)."""
    config = Path(model_source).expanduser() / "config.json"
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for key in ("max_position_embeddings", "n_positions", "max_sequence_length"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, int) and value > 0:
            return value
    return None


def counter_for(model_source: str) -> TokenCounter:
    """The model's own tokenizer when its folder has tokenizer.json, else ~4 chars a token."""
    folder = Path(model_source).expanduser()
    candidate = folder / "tokenizer.json"
    if candidate.is_file():
        try:
            return TokenizerFileCounter(candidate)
        except Exception:  # a tokenizer we cannot read only costs precision, not the feature
            return ApproxTokenCounter()
    return ApproxTokenCounter()
