"""Sampling and streaming rules, without a model."""

from __future__ import annotations

import pytest
import torch

from studio.engines.devices import choose_precision
from studio.engines.protocol import SamplingParams
from studio.engines.text.sampling import apply_repetition_penalty, choose_token, filter_logits
from studio.engines.text.streaming import TextStream


def test_greedy_takes_the_highest_logit() -> None:
    logits = torch.tensor([0.1, 3.0, 2.0])
    params = SamplingParams(temperature=0)
    assert (
        choose_token(
            logits, torch.tensor([], dtype=torch.long), params, torch.Generator().manual_seed(0)
        )
        == 1
    )


def test_top_k_top_p_and_min_p_mask_the_tail() -> None:
    logits = torch.log(torch.tensor([0.5, 0.3, 0.15, 0.05]))

    def kept(**kw):
        return torch.isfinite(
            filter_logits(
                logits,
                SamplingParams(temperature=1.0, **{"top_p": 1.0, **kw}),
            )
        ).tolist()

    assert kept(top_k=2) == [True, True, False, False]
    assert kept(top_p=0.7) == [True, True, False, False]
    assert kept(top_p=0.1) == [True, False, False, False]  # the best token always stays
    assert kept(min_p=0.25) == [True, True, True, False]


def test_repetition_penalty_lowers_seen_tokens_both_signs() -> None:
    logits = torch.tensor([2.0, -2.0, 1.0])
    apply_repetition_penalty(logits, torch.tensor([0, 1]), 2.0)
    assert logits.tolist() == [1.0, -4.0, 1.0]


def test_same_generator_seed_same_choices() -> None:
    logits = torch.randn(50)
    params = SamplingParams(temperature=1.0, top_p=1.0)
    empty = torch.tensor([], dtype=torch.long)
    picks = [
        [choose_token(logits, empty, params, generator) for _ in range(20)]
        for generator in (torch.Generator().manual_seed(3), torch.Generator().manual_seed(3))
    ]
    assert picks[0] == picks[1]


def test_stream_holds_back_a_possible_stop_string_and_cuts_at_it() -> None:
    pieces = ["Hello", " wor", "ld", "\n", "\n", "more"]
    stream = TextStream(lambda ids: "".join(pieces[: len(ids)]), stop=["\n\n"])
    shown = [stream.update(list(range(n))) for n in range(1, len(pieces) + 1)]
    assert shown[:4] == ["Hello", " wor", "ld", ""]  # the lone newline is held back
    assert stream.stopped and stream.text == "Hello world"
    assert "".join(shown) == "Hello world"


def test_stream_waits_for_complete_characters() -> None:
    texts = ["caf", "caf\ufffd", "café"]
    stream = TextStream(lambda ids: texts[len(ids) - 1])
    assert [stream.update([0] * n) for n in (1, 2, 3)] == ["caf", "", "é"]


def test_invalid_sampling_values_are_explained() -> None:
    with pytest.raises(ValueError, match=r"(?i)top-p"):
        SamplingParams(top_p=0).validate()


def test_float16_on_cpu_is_refused_and_int8_only_on_cpu() -> None:
    with pytest.raises(ValueError, match="emulated"):
        choose_precision("cpu", "float16")
    with pytest.raises(ValueError, match="CPU"):
        choose_precision("cuda", "int8")
    assert choose_precision("cpu", "auto") in ("float32", "bfloat16")
