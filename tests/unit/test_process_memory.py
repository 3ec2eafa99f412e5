"""Memory the desk frees goes back to the system (issue 14: memory flat after a walk).

Each case runs in a fresh interpreter: glibc's trim threshold is process-wide.
The walk's pattern in small: a large block freed (glibc then raises its trim
threshold to twice that block), then many mid-sized blocks allocated and
freed. Without ``return_freed_heap`` the process keeps them; with it, they
go back.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WALK = r"""
import ctypes, json, sys
if sys.argv[1] == "fixed":
    from nato_desk.ui.process_memory import return_freed_heap
    assert return_freed_heap()

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

big = bytearray(12 << 20)  # mmapped by glibc; freeing it raises the dynamic trim threshold
del big
before = rss_kb()
blocks = [bytearray(100 << 10) for _ in range(150)]  # 15 MB on the heap
del blocks
print(json.dumps({"kept_kb": rss_kb() - before}))
"""


def _kept_kb(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", WALK, mode], capture_output=True, text=True, timeout=60, check=True)
    return int(json.loads(done.stdout)["kept_kb"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator and /proc are Linux's")
def test_memory_freed_after_a_large_block_goes_back_to_the_system() -> None:
    if _kept_kb("default") < 10_000:
        pytest.skip("this C library gives freed memory back by itself")
    assert _kept_kb("fixed") < 2_000
