#!/usr/bin/env python3
"""Prints the machine line every benchmark starts (and ends) with: cores, memory, kernel, CPU,
load average, and a probe of how many cores are free right now. The cores are shared with
other agents' builds that this process cannot see (`top` shows only its own namespace), so
the probe times two busy loops run at once against one alone: 1.0× means two cores were
free, 2.0× means the two loops shared one core.

  machine.py [start|end]
"""
import multiprocessing
import os
import platform
import sys
import time


def spin(_=None):
    x = 0
    for i in range(3_000_000):
        x += i
    return x


def probe():
    start = time.perf_counter()
    spin()
    one = time.perf_counter() - start
    with multiprocessing.Pool(2) as pool:
        pool.map(spin, [0, 0])  # start the workers first
        start = time.perf_counter()
        pool.map(spin, [0, 1], chunksize=1)
        two = time.perf_counter() - start
    return two / one


def main() -> None:
    when = sys.argv[1] if len(sys.argv) > 1 else "start"
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    if when == "start":
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
        print(f"machine: {os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.system()} {platform.release()}")
    ratios = sorted(probe() for _ in range(3))
    print(f"load average at {when}: {load}; two busy loops at once took {ratios[1]:.2f}× one alone "
          f"(1.0 = both cores free, 2.0 = one core)")


if __name__ == "__main__":
    main()
