#!/usr/bin/env python3
"""Times a whole command, several runs: wall clock and CPU (user + system of the child).

Usage: timecmd.py RUNS LABEL -- COMMAND [ARGS...]
Prints one line per run and a summary line with the medians; stdout of the last run is
written to $TIMECMD_OUT when set (so a caller can check the command's answer), else dropped.
A run that exits non-zero stops everything with its stderr.
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    runs, label, command = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    walls, cpus = [], []
    for run in range(1, runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.stderr.write(done.stderr.decode(errors="replace"))
            sys.exit(f"{label}: exit status {done.returncode}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        walls.append(wall)
        cpus.append(cpu)
        load = open("/proc/loadavg").read().split()[0]
        print(f"  {label} run {run}: {wall * 1e3:8.1f} ms wall, {cpu * 1e3:8.1f} ms CPU  (load {load})")
        if run == runs and os.environ.get("TIMECMD_OUT"):
            with open(os.environ["TIMECMD_OUT"], "wb") as handle:
                handle.write(done.stdout)
    print(f"{label}: median {statistics.median(walls) * 1e3:.1f} ms wall, {statistics.median(cpus) * 1e3:.1f} ms CPU, "
          f"min {min(walls) * 1e3:.1f} ms wall, over {runs} runs")


if __name__ == "__main__":
    main()
