"""The OpenAI-compatible backend against a real local server: `transformers serve`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.engines.errors import EngineError
from studio.engines.protocol import (
    Done,
    Error,
    GenerateText,
    LoadModel,
    ModelSpec,
    SamplingParams,
    Token,
)
from studio.engines.text.openai_backend import api_base

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tiny_model: Path) -> Iterator[str]:
    """`transformers serve` on 127.0.0.1, serving the tiny model."""
    executable = Path(sys.executable).parent / "transformers"
    if not executable.exists() or shutil.which("uvicorn", path=str(executable.parent)) is None:
        pytest.skip("transformers[serving] is installed by the README's test command")
    port = free_port()
    process = subprocess.Popen(
        [
            str(executable),
            "serve",
            str(tiny_model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--device",
            "cpu",
            "--dtype",
            "float32",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"transformers serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("transformers serve did not start in 180 s")
    yield url
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def spec(url: str, tiny_model: Path) -> ModelSpec:
    return ModelSpec(url, backend="openai", api_model=str(tiny_model))


def test_base_url_forms() -> None:
    assert api_base("http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1"
    assert api_base("http://localhost:11434/v1/") == "http://localhost:11434/v1"
    with pytest.raises(EngineError):
        api_base("localhost:8080")


def test_chat_streams_from_the_server(engine, server: str, tiny_model: Path) -> None:
    client, events = engine
    request = GenerateText(
        model=spec(server, tiny_model),
        messages=[{"role": "user", "content": "Tell me about the sea."}],
        params=SamplingParams(max_new_tokens=12, temperature=0, seed=1),
    )
    done = events.wait(client.submit(request))
    assert isinstance(done, Done), done
    tokens = events.of(request.job_id, Token)
    assert tokens and "".join(t.text for t in tokens) == done.result["text"]
    assert done.result["model"]["backend"] == "openai"


def test_plain_completion_streams_too(engine, server: str, tiny_model: Path) -> None:
    client, events = engine
    request = GenerateText(
        model=spec(server, tiny_model),
        prompt="The lighthouse",
        params=SamplingParams(max_new_tokens=8, temperature=0),
    )
    done = events.wait(client.submit(request))
    assert isinstance(done, Done), done
    assert events.of(request.job_id, Token)


def test_unreachable_server_is_a_clear_error(engine) -> None:
    client, events = engine
    url = f"http://127.0.0.1:{free_port()}/v1"
    failed = events.wait(client.submit(LoadModel(model=ModelSpec(url, backend="openai"))))
    assert isinstance(failed, Error)
    assert "Cannot reach the server" in failed.message and "Is it running?" in failed.message


def test_server_lists_models(server: str) -> None:
    with urllib.request.urlopen(f"{server}/v1/models", timeout=10) as response:
        assert json.loads(response.read())["data"]
