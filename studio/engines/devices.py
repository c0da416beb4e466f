"""Which device and precision to run on. Imports torch: engine process only."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def cpu_has_native_bf16() -> bool:
    """True when the processor computes bfloat16 natively (AVX512-BF16 or AMX on x86, or
    Apple silicon / ARMv8.6 BF16): only then is bf16 on the CPU a speed-up, not a slow-down."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        import platform

        return platform.system() == "Darwin" and platform.machine() == "arm64"
    return any(flag in flags for flag in (" avx512_bf16", " amx_bf16", " bf16"))


def choose_device(requested: str = "auto") -> str:
    import torch

    if requested != "auto":
        if requested == "cuda" and not torch.cuda.is_available():
            raise ValueError("CUDA was asked for, but no CUDA device is available.")
        if requested == "mps" and not torch.backends.mps.is_available():
            raise ValueError("Apple MPS was asked for, but it is not available.")
        return requested
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def choose_precision(device: str, requested: str = "auto") -> str:
    """float32 / bfloat16 / float16 for a device. Never float16 on a CPU: it is emulated there
    and many times slower than float32."""
    if requested != "auto":
        if device == "cpu" and requested == "float16":
            raise ValueError("float16 on a CPU is emulated and very slow; use bfloat16 or float32.")
        return requested
    if device == "cuda":
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    if device == "mps":
        return "float16"
    return "bfloat16" if cpu_has_native_bf16() else "float32"


def torch_dtype(precision: str):
    import torch

    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[
        precision
    ]
