"""Causal language models through transformers, with streaming, seeds and prefix reuse.

Imported only inside the engine process. The decode loop is our own (not ``generate``) so
that every token can be checked for cancel, streamed, and the KV cache kept for the next
request that starts with this one's prompt and output.
"""

from __future__ import annotations

import inspect
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from studio.engines.devices import choose_device, choose_precision, quantize_int8, torch_dtype
from studio.engines.errors import EngineError
from studio.engines.models_resolve import resolve_model_folder
from studio.engines.protocol import GenerateText, ModelSpec
from studio.engines.text.result import generation_result
from studio.engines.text.sampling import choose_token
from studio.engines.text.streaming import TextStream
from studio.engines.weights import check_model_folder, weights_bytes, weights_fingerprint


def _module_bytes(model: Any) -> int:
    """Bytes of parameters and buffers, counting int8-quantized Linear weights too."""
    from torch.ao.nn.quantized.dynamic import Linear as QuantizedLinear

    total = sum(
        t.numel() * t.element_size()
        for t in model.state_dict().values()
        if isinstance(t, torch.Tensor)
    )
    for module in model.modules():
        if isinstance(module, QuantizedLinear):
            weight = module.weight()
            total += weight.numel() * weight.element_size()
    return total


def _common_prefix(a: list[int], b: list[int]) -> int:
    size = min(len(a), len(b))
    for index in range(size):
        if a[index] != b[index]:
            return index
    return size


class TransformersTextModel:
    """A loaded model plus the KV cache of its last generation."""

    def __init__(
        self,
        spec: ModelSpec,
        report: Callable[[float, str], None],
        fingerprint_cache: Path | None = None,
    ) -> None:
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # progress goes through `report`

        folder = resolve_model_folder(spec.source)
        weights = check_model_folder(folder, spec.allow_pickle)
        self.device = choose_device(spec.device)
        self.precision = choose_precision(self.device, spec.precision)
        report(0.05, f"Reading the tokenizer of {folder.name}")
        self.tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=False)
        report(
            0.15,
            f"Loading {weights_bytes(folder) / 1e6:,.0f} MB of weights "
            f"({self.precision} on {self.device})",
        )
        if self.device == "cpu":
            torch.set_num_threads(
                max(
                    1,
                    len(os.sched_getaffinity(0))
                    if hasattr(os, "sched_getaffinity")
                    else os.cpu_count() or 1,
                )
            )
        self.model = AutoModelForCausalLM.from_pretrained(
            folder,
            dtype=torch_dtype(self.precision),
            use_safetensors=weights == "safetensors",
            trust_remote_code=False,
        ).to(self.device)
        self.model.eval()
        if self.precision == "int8":
            report(0.8, "Quantizing the linear layers to int8")
            self.model = quantize_int8(self.model)
        report(0.9, "Fingerprinting the weights")
        self.folder = folder
        self.weights_sha256 = weights_fingerprint(folder, fingerprint_cache)
        self.eos_ids = self._eos_ids()
        # transformers 5 renamed `past_key_values` to `cache`; the cache is updated in place.
        forward_parameters = inspect.signature(self.model.forward).parameters
        self._cache_argument = "cache" if "cache" in forward_parameters else "past_key_values"
        self.context_length = int(getattr(self.model.config, "max_position_embeddings", 0) or 0)
        self._cache: Any = None
        self._cache_ids: list[int] = []
        report(1.0, "Ready")

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (self.model.generation_config, self.model.config):
            value = getattr(source, "eos_token_id", None)
            if isinstance(value, int):
                ids.add(value)
            elif isinstance(value, list | tuple):
                ids.update(int(v) for v in value)
        if self.tokenizer.eos_token_id is not None:
            ids.add(int(self.tokenizer.eos_token_id))
        return ids

    def info(self) -> dict[str, Any]:
        parameters = sum(p.numel() for p in self.model.parameters())
        return {
            "folder": str(self.folder),
            "device": self.device,
            "precision": self.precision,
            "parameters": parameters,
            "memory_bytes": _module_bytes(self.model),
            "weights_sha256": self.weights_sha256,
            "context_length": self.context_length,
            "has_chat_template": bool(getattr(self.tokenizer, "chat_template", None)),
        }

    # ----------------------------------------------------------------- prompts
    def prompt_ids(self, request: GenerateText) -> list[int]:
        if request.messages is not None:
            if not getattr(self.tokenizer, "chat_template", None):
                text = "\n".join(m["content"] for m in request.messages) + "\n"
                return list(self.tokenizer(text, add_special_tokens=True)["input_ids"])
            rendered = self.tokenizer.apply_chat_template(
                request.messages, add_generation_prompt=True, tokenize=False
            )
            return list(self.tokenizer(rendered, add_special_tokens=False)["input_ids"])
        return list(self.tokenizer(request.prompt, add_special_tokens=True)["input_ids"])

    def _reusable_cache(self, ids: list[int], allowed: bool) -> tuple[Any, int]:
        """The previous cache cut to the longest shared prefix (at least one token is left
        to feed, so there are logits to sample from)."""
        from transformers import DynamicCache

        if not allowed or self._cache is None:
            return DynamicCache(), 0
        shared = min(_common_prefix(self._cache_ids, ids), len(ids) - 1)
        if shared <= 0:
            return DynamicCache(), 0
        surplus = self._cache.get_seq_length() - shared
        if surplus > 0:
            self._cache.crop(-surplus)
        return self._cache, shared

    # ----------------------------------------------------------------- generation
    @torch.inference_mode()
    def generate(
        self,
        request: GenerateText,
        on_text: Callable[[str, int], None],
        cancelled: Callable[[], bool],
    ) -> dict[str, Any]:
        params = request.params
        params.validate()
        seed = params.seed if params.seed is not None else random.randrange(2**31)
        generator = torch.Generator(device="cpu").manual_seed(seed)
        started = time.perf_counter()
        ids = self.prompt_ids(request)
        if not ids:
            raise EngineError("The prompt is empty.")
        if self.context_length and len(ids) >= self.context_length:
            raise EngineError(
                f"The prompt has {len(ids)} tokens; this model reads at most "
                f"{self.context_length}. Shorten the context."
            )
        cache, reused = self._reusable_cache(ids, request.reuse_prefix)
        self._cache, self._cache_ids = None, []  # invalid until this generation finishes
        context = torch.tensor(ids, dtype=torch.long)
        feed = torch.tensor([ids[reused:]], dtype=torch.long, device=self.device)
        stream = TextStream(
            lambda generated: self.tokenizer.decode(generated, skip_special_tokens=True),
            params.stop,
        )
        generated: list[int] = []
        first_token_at = None
        stop_reason = "length"
        for _ in range(params.max_new_tokens):
            if cancelled():
                stop_reason = "cancelled"
                break
            output = self.model(input_ids=feed, use_cache=True, **{self._cache_argument: cache})
            logits = output.logits[0, -1].to("cpu")
            history = (
                torch.cat([context, torch.tensor(generated, dtype=torch.long)])
                if params.repetition_penalty != 1.0
                else context
            )
            token = choose_token(logits, history, params, generator)
            if first_token_at is None:
                first_token_at = time.perf_counter()
            if token in self.eos_ids:
                stop_reason = "eos"
                break
            generated.append(token)
            piece = stream.update(generated)
            if piece:
                on_text(piece, len(generated))
            if stream.stopped:
                stop_reason = "stop"
                break
            feed = torch.tensor([[token]], dtype=torch.long, device=self.device)
        if stop_reason != "stop":
            tail = stream.finish()
            if tail:
                on_text(tail, len(generated))
        finished = time.perf_counter()
        # The cache holds every id fed so far: the prompt and all generated ids but the last.
        fed = ids + generated[:-1] if generated and stop_reason != "eos" else ids + generated
        if cache is not None and cache.get_seq_length() == len(fed):
            self._cache, self._cache_ids = cache, fed
        return generation_result(
            text=stream.text if stream.stopped else stream.emitted,
            tokens=len(generated),
            stop_reason=stop_reason,
            seed=seed,
            started=started,
            first_token_at=first_token_at,
            finished=finished,
            model=self.info(),
            params=params,
            prompt_tokens=len(ids),
            reused_prefix_tokens=reused,
        )
