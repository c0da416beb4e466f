"""`lyra generate text` and `lyra models`: headless, offline, through the real engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import main

ROOT = Path(__file__).resolve().parents[2]


def lyra(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        input=stdin,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


@pytest.mark.slow
def test_generate_text_streams_to_stdout_and_seeds_repeat(tiny_model: Path) -> None:
    args = [
        "generate",
        "text",
        "--model",
        str(tiny_model),
        "--prompt",
        "The sea",
        "--max-new-tokens",
        "16",
        "--seed",
        "5",
        "--temperature",
        "1.0",
        "--precision",
        "float32",
        "--stats",
    ]
    first, second = lyra(*args), lyra(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout.strip()
    assert "tokens/s" in first.stderr and "seed 5" in first.stderr


@pytest.mark.slow
def test_generate_reads_the_prompt_from_stdin_and_reports_errors(
    tiny_model: Path, tmp_path: Path
) -> None:
    ok = lyra(
        "generate",
        "text",
        "--model",
        str(tiny_model),
        "--prompt",
        "-",
        "--chat",
        "--max-new-tokens",
        "4",
        stdin="Hello there",
    )
    assert ok.returncode == 0, ok.stderr
    missing = lyra("generate", "text", "--model", str(tmp_path / "nothing"), "--prompt", "x")
    assert missing.returncode == 1
    assert "does not exist" in missing.stderr and "Traceback" not in missing.stderr


def test_bad_sampling_values_are_refused_before_starting(capsys: pytest.CaptureFixture) -> None:
    code = main(["generate", "text", "--model", "x", "--prompt", "p", "--top-p", "1.5"])
    assert code == 2
    assert "top-p" in capsys.readouterr().err.lower()


def test_models_import_list_remove_round_trip(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    assert main(["models", "import", str(tiny_model), "--name", "tiny"]) == 0
    capsys.readouterr()
    assert main(["models", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    [tiny] = listed["installed"]
    assert tiny["name"] == "tiny" and tiny["origin"] == "imported" and tiny["size_bytes"] > 0
    assert {"qwen2.5-0.5b-instruct", "musicgen-small"} <= {m["id"] for m in listed["catalog"]}
    assert main(["models", "remove", "tiny"]) == 0
    assert tiny_model.is_dir()  # forgetting an import never deletes the user's files
    assert main(["models", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["installed"] == []


def test_models_import_refuses_what_would_not_load(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "notes").mkdir()
    assert main(["models", "import", str(tmp_path / "notes")]) == 1
    assert "config.json" in capsys.readouterr().err
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a gguf")
    assert main(["models", "import", str(fake)]) == 1
    assert "not a GGUF file" in capsys.readouterr().err


def test_pull_offline_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    assert main(["models", "pull", "qwen2.5-0.5b-instruct"]) == 1
    assert "cannot be reached" in capsys.readouterr().err


@pytest.mark.slow
def test_pull_downloads_through_the_hub_file_api_and_the_model_loads(
    tiny_model: Path, tmp_path: Path
) -> None:
    from tests.commands.hub_stand_in import HubStandIn

    env = {
        **os.environ,
        "HF_HUB_CACHE": str(tmp_path / "hub"),
        "HF_HUB_DISABLE_XET": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    env.pop("HF_HUB_OFFLINE", None)
    with HubStandIn("lyra-tests/tiny", tiny_model) as hub:
        env["HF_ENDPOINT"] = hub.url
        pulled = subprocess.run(
            [
                sys.executable,
                "-m",
                "studio",
                "models",
                "pull",
                "lyra-tests/tiny",
                "--progress-json",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            cwd=ROOT,
        )
        assert pulled.returncode == 0, pulled.stderr
        progress = [json.loads(x) for x in pulled.stdout.splitlines() if x.startswith("{")]
        assert progress and progress[-1]["done"] == progress[-1]["total"] > 0
        assert any(r.startswith("GET /lyra-tests/tiny/resolve/") for r in hub.requests)
    listed = subprocess.run(
        [sys.executable, "-m", "studio", "models", "list", "--json"],
        capture_output=True,
        text=True,
        env={**env, "HF_HUB_OFFLINE": "1"},
        timeout=120,
        cwd=ROOT,
    )
    [model] = json.loads(listed.stdout)["installed"]
    assert model["name"] == "lyra-tests/tiny" and model["origin"] == "hub-cache"
    snapshot = Path(model["path"])
    assert (snapshot / "model.safetensors").read_bytes() == (
        tiny_model / "model.safetensors"
    ).read_bytes()
    generated = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio",
            "generate",
            "text",
            "--model",
            "lyra-tests/tiny",
            "--prompt",
            "The sea",
            "--max-new-tokens",
            "4",
        ],
        capture_output=True,
        text=True,
        env={**env, "HF_HUB_OFFLINE": "1"},
        timeout=300,
        cwd=ROOT,
    )
    assert generated.returncode == 0, generated.stderr
