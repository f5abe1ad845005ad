#!/usr/bin/env python3
"""End-to-end key latency of `opine annotate` in a pseudo-terminal.

A pty runs the screen at 100x30; pyte (a terminal emulator) renders every byte it writes. For
each label key the clock runs from writing the key to the pty until the emulated screen shows
the next item (its id on row 2 changed, the status line says the label was saved) and nothing
more is waiting to be read: the frame is fully drawn. Opening time runs from starting the
process to the first complete frame. The screen's own in-process figure (key read to frame
drawn) comes from OPINE_LATENCY_LOG.

Usage: latency.py OPINE PROJECT ANNOTATOR KEYS OUT.json
"""
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time

import pyte

COLUMNS, ROWS = 100, 30


class Screen:
    def __init__(self, opine, project, annotator, latency_log):
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", OPINE_LATENCY_LOG=latency_log)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [opine, "annotate", "--annotator", annotator, "--project", project],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.master = master

    def row(self, index):
        return self.screen.display[index]

    def item_id(self):
        if "opine annotate" not in self.row(0):
            return None
        words = self.row(1).split()
        return words[0] if words else None

    def read_until(self, condition, timeout=10.0):
        """Feeds the emulator until `condition` holds and no byte is waiting; returns the time."""
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("screen never showed the expected frame:\n" + "\n".join(self.screen.display))
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready:
                continue
            self.stream.feed(os.read(self.master, 1 << 16))
            if condition() and not select.select([self.master], [], [], 0)[0]:
                return time.perf_counter()

    def press(self, key):
        os.write(self.master, key.encode())


def main():
    opine, project, annotator, keys, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    log = out + ".inprocess"
    if os.path.exists(log):
        os.remove(log)
    screen = Screen(opine, project, annotator, log)
    opened = screen.read_until(lambda: screen.item_id() is not None and "q quit" in screen.row(ROWS - 1))
    open_seconds = opened - screen.started

    latencies = []
    labels = ["negative", "neutral", "positive"]
    for index in range(keys):
        before = screen.item_id()
        label = labels[index % 3]
        start = time.perf_counter()
        screen.press(str(index % 3 + 1))
        done = screen.read_until(
            lambda: screen.item_id() not in (None, before) and f"saved {label} on {before}" in screen.row(ROWS - 2))
        latencies.append(done - start)
    screen.press("q")
    screen.process.wait(timeout=30)
    with open(log) as handle:
        in_process = [int(line) / 1e6 for line in handle if line.strip()]

    def summary(values):
        ordered = sorted(values)
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
        return {"n": len(ordered), "median_ms": pick(0.5) * 1e3, "p95_ms": pick(0.95) * 1e3,
                "p99_ms": pick(0.99) * 1e3, "max_ms": ordered[-1] * 1e3}

    result = {"open_seconds": open_seconds, "end_to_end": summary(latencies), "in_process": summary(in_process)}
    with open(out, "w") as handle:
        json.dump(result, handle, indent=2)
    e, i = result["end_to_end"], result["in_process"]
    print(f"open {open_seconds:.3f} s; end to end median {e['median_ms']:.2f} ms, p95 {e['p95_ms']:.2f}, "
          f"p99 {e['p99_ms']:.2f}, max {e['max_ms']:.2f} (n {e['n']}); in-process median {i['median_ms']:.2f} ms, "
          f"p99 {i['p99_ms']:.2f}, max {i['max_ms']:.2f}")


if __name__ == "__main__":
    main()
