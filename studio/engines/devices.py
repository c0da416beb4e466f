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
        if requested == "int8" and device != "cpu":
            raise ValueError("int8 is the CPU's fast setting; on a GPU use bfloat16 or float16.")
        return requested
    if device == "cuda":
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    if device == "mps":
        return "float16"
    return "bfloat16" if cpu_has_native_bf16() else "float32"


#: What each precision trades, for the UI and the CLI's help.
PRECISION_NOTES = {
    "auto": "The best exact setting for the device.",
    "float32": "Exact and slowest; the reference.",
    "bfloat16": "Half the memory; fast on GPUs and on CPUs with native bf16.",
    "float16": "Half the memory; GPUs only.",
    "int8": "CPU only: about 4x less memory read per token and several times faster; the "
    "weights are rounded to 8 bits, so the text differs slightly from float32's.",
}


def torch_dtype(precision: str):
    """The dtype weights load in; int8 loads float32 and is quantized afterwards."""
    import torch

    return {
        "float32": torch.float32,
        "bfloat16": torch.bfloat16,
        "float16": torch.float16,
        "int8": torch.float32,
    }[precision]


def quantize_int8(model):
    """Dynamic int8 quantization of every Linear layer (weights int8, activations per call)."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization announces its future move
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
