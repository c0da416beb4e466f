"""The engine process: streaming, seeds, cancel, crashes, refused weights, prefix reuse."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from studio.engines.protocol import (
    Cancelled,
    Done,
    Error,
    GenerateText,
    LoadingProgress,
    LoadModel,
    ModelSpec,
    SamplingParams,
    Status,
    StatusRequest,
    Token,
)
from tests.engines.tiny_models import build_tiny_causal_lm

pytestmark = pytest.mark.slow


def generate(
    model: Path, prompt: str = "The lighthouse", reuse_prefix: bool = True, **params: object
) -> GenerateText:
    values = {"max_new_tokens": 24, "seed": 7, **params}
    return GenerateText(
        model=ModelSpec(str(model), precision="float32"),
        prompt=prompt,
        params=SamplingParams(**values),
        reuse_prefix=reuse_prefix,
    )


def test_tokens_stream_and_join_to_the_result(engine, tiny_model: Path) -> None:
    client, events = engine
    job = client.submit(generate(tiny_model))
    done = events.wait(job)
    assert isinstance(done, Done), done
    tokens = events.of(job, Token)
    assert len(tokens) >= 5
    assert "".join(t.text for t in tokens) == done.result["text"]
    assert [t.index for t in tokens] == sorted(t.index for t in tokens)
    assert done.result["tokens"] == 24 and done.result["stop_reason"] == "length"
    assert events.of(job, LoadingProgress)  # the first request loaded the model
    assert len(done.result["model"]["weights_sha256"]) == 64


def test_same_seed_same_text_and_other_seed_differs(engine, tiny_model: Path) -> None:
    client, events = engine
    texts = []
    for seed in (11, 11, 12):
        job = client.submit(generate(tiny_model, seed=seed, temperature=1.0, reuse_prefix=False))
        texts.append(events.wait(job).result["text"])
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_chat_messages_use_the_chat_template(engine, tiny_model: Path) -> None:
    client, events = engine
    request = generate(tiny_model)
    request.messages = [{"role": "user", "content": "Write about the sea."}]
    done = events.wait(client.submit(request))
    assert isinstance(done, Done)
    assert done.result["model"]["has_chat_template"]
    assert done.result["prompt_tokens"] > 5


def test_stop_strings_cut_the_text(engine, tiny_model: Path) -> None:
    client, events = engine
    free = events.wait(client.submit(generate(tiny_model, max_new_tokens=60, temperature=0)))
    text = free.result["text"]
    stop = text[len(text) // 2 : len(text) // 2 + 2]
    assert stop
    stopped = events.wait(
        client.submit(generate(tiny_model, max_new_tokens=60, temperature=0, stop=(stop,)))
    )
    assert stopped.result["stop_reason"] == "stop"
    assert stop not in stopped.result["text"]
    assert text.startswith(stopped.result["text"])
    streamed = "".join(t.text for t in events.of(stopped.job_id, Token))
    assert streamed == stopped.result["text"]


def test_prefix_reuse_feeds_only_the_new_tokens(engine, tiny_model: Path) -> None:
    client, events = engine
    first = events.wait(client.submit(generate(tiny_model, temperature=0)))
    prompt = "The lighthouse" + first.result["text"]
    second = events.wait(client.submit(generate(tiny_model, prompt=prompt, temperature=0)))
    # Everything up to where the prompt's last token and the output re-tokenize differently.
    assert second.result["reused_prefix_tokens"] >= first.result["prompt_tokens"] - 1
    cold = events.wait(
        client.submit(generate(tiny_model, prompt=prompt, temperature=0, reuse_prefix=False))
    )
    assert cold.result["reused_prefix_tokens"] == 0
    assert cold.result["text"] == second.result["text"]  # reuse never changes the output


def test_cancel_stops_within_250_ms(engine, tiny_model: Path) -> None:
    client, events = engine
    job = client.submit(generate(tiny_model, max_new_tokens=100000, temperature=1.0))
    deadline = time.monotonic() + 60
    while not events.of(job, Token) and time.monotonic() < deadline:
        time.sleep(0.01)
    asked = time.monotonic()
    client.cancel(job)
    end = events.wait(job, timeout=10)
    answered = time.monotonic() - asked
    assert isinstance(end, Cancelled)
    assert answered < 0.25, answered
    assert client.pid is not None  # cancelled cooperatively: the worker stays warm


def test_killed_worker_is_an_error_and_the_next_request_works(engine, tiny_model: Path) -> None:
    client, events = engine
    job = client.submit(generate(tiny_model, max_new_tokens=100000))
    deadline = time.monotonic() + 60
    while not events.of(job, Token) and time.monotonic() < deadline:
        time.sleep(0.01)
    old_pid = client.pid
    os.kill(old_pid, signal.SIGKILL)
    end = events.wait(job, timeout=10)
    assert isinstance(end, Error) and "stopped unexpectedly" in end.message
    again = events.wait(client.submit(generate(tiny_model)))
    assert isinstance(again, Done)
    assert client.pid not in (None, old_pid)


def test_unresponsive_worker_is_killed_after_the_grace(engine, tiny_model: Path) -> None:
    client, events = engine
    client.cancel_grace_s = 0.3
    events.wait(client.submit(generate(tiny_model)))  # a warm worker with the model loaded
    os.kill(client.pid, signal.SIGSTOP)  # a worker stuck in native code answers nothing
    job = client.submit(generate(tiny_model))
    client.cancel(job)
    end = events.wait(job, timeout=10)
    assert isinstance(end, Cancelled) and end.partial == {"killed": True}
    assert isinstance(events.wait(client.submit(generate(tiny_model))), Done)


def test_pickle_weights_are_refused_unless_allowed(engine, tmp_path: Path) -> None:
    client, events = engine
    folder = build_tiny_causal_lm(tmp_path / "pickled", pickle_weights=True)
    refused = events.wait(client.submit(LoadModel(model=ModelSpec(str(folder)))))
    assert isinstance(refused, Error)
    assert "pickle" in refused.message and "safetensors" in refused.message
    allowed = events.wait(client.submit(LoadModel(model=ModelSpec(str(folder), allow_pickle=True))))
    assert isinstance(allowed, Done), allowed


def test_missing_files_are_named(engine, tmp_path: Path, tiny_model: Path) -> None:
    client, events = engine
    nowhere = events.wait(client.submit(LoadModel(model=ModelSpec(str(tmp_path / "nope")))))
    assert isinstance(nowhere, Error) and "does not exist" in nowhere.message
    (tmp_path / "empty").mkdir()
    empty = events.wait(client.submit(LoadModel(model=ModelSpec(str(tmp_path / "empty")))))
    assert isinstance(empty, Error) and "config.json" in empty.message
    not_pulled = events.wait(client.submit(LoadModel(model=ModelSpec("someone/not-pulled"))))
    assert isinstance(not_pulled, Error) and "lyra models pull" in not_pulled.message


def test_status_lists_loaded_models(engine, tiny_model: Path) -> None:
    client, events = engine
    events.wait(client.submit(LoadModel(model=ModelSpec(str(tiny_model), precision="float32"))))
    status = events.wait(client.submit(StatusRequest()))
    assert isinstance(status, Status)
    assert status.pid == client.pid
    [loaded] = [m for m in status.loaded if m["folder"] == str(tiny_model)]
    assert loaded["precision"] == "float32" and loaded["memory_bytes"] > 0


def test_int8_is_the_cpu_fast_setting(engine, tiny_model: Path) -> None:
    client, events = engine
    exact = events.wait(client.submit(generate(tiny_model)))
    request = generate(tiny_model)
    request.model = ModelSpec(str(tiny_model), precision="int8")
    fast = events.wait(client.submit(request))
    assert isinstance(fast, Done), fast
    assert fast.result["model"]["precision"] == "int8"
    assert fast.result["model"]["memory_bytes"] < exact.result["model"]["memory_bytes"]
    assert fast.result["tokens"] == 24


def test_gguf_without_llama_cpp_says_how_to_install(engine, tmp_path: Path) -> None:
    try:
        import llama_cpp  # noqa: F401

        pytest.skip("llama-cpp-python is installed here")
    except ImportError:
        pass
    client, events = engine
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF" + bytes(64))
    failed = events.wait(client.submit(LoadModel(model=ModelSpec(str(gguf), backend="llama_cpp"))))
    assert isinstance(failed, Error)
    assert "llama-cpp-python" in failed.message and "pip install" in failed.message
