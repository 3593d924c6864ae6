"""The llama.cpp build check (bench/cpu_check.py) on the installed build: it was
built for the portable target (README, "A local model"), so it uses nothing the
CPU does not list, no AVX-512 nor AMX, and it generates a token."""

from __future__ import annotations

import os

import pytest

from bench.cpu_check import CPU_FLAG, built_for, cpu
from tests.conftest import run

if not os.environ.get("CI"):
    pytest.importorskip("llama_cpp", reason="needs pip install -e '.[llm-test]'")


def test_built_for_reads_llama_cpp_system_info():
    info = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 0 | AMX_INT8 = 0 | LLAMAFILE = 1 | "
    assert built_for(info) == ["SSE3", "AVX", "AVX2"]
    model, flags = cpu()
    assert model and "avx2" in flags  # the machines this project runs on


def test_the_installed_build_is_portable_and_runs():
    result = run("-m", "bench.cpu_check")
    line = result.stdout.strip()
    assert result.returncode == 0, (line, result.stderr)
    assert "llama.cpp built for:" in line and "AVX2" in line and "one token: ok" in line, line
    assert "NOT LISTED" not in line
    built = line.split("llama.cpp built for:")[1].split("|")[0].split()
    assert not [name for name in built if name.startswith(("AVX512", "AMX"))], line
    assert set(built) <= set(CPU_FLAG)
