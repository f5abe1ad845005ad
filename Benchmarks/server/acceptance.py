#!/usr/bin/env python3
"""Issue 12's acceptance runs on a real PostgreSQL server, each checked by running it:

  race     16 annotator processes, 8 per simulated host: in two network namespaces joined by
           veth when run under Benchmarks/server/hosts.sh (root), else separate processes on loopback;
           5,000 items with overlap 2: every acknowledged label stored once, every item
           exactly 2 annotators, no error shown but "item full" refusals.
  kill     50 trials: an annotator process streaming 1,000 labels is SIGKILLed at a random
           moment (most trials mid-stream); every label it acknowledged is stored, and the
           project stays usable.
  restart  the server is restarted (pg_ctl restart) while a process streams labels: the
           process carries on (reconnects), nothing acknowledged is lost, no error shown.
  import_restart  the server is restarted 0.3, 0.8 and 1.3 s into an import of 400,000 rows:
           each import starts again on a new connection and lands whole.
  leases   5 annotate screens (in ptys) each showing an item, SIGKILLed: their items stay
           reserved (another annotator's label is refused as full, overlap 1) until the
           lease runs out, then the labels go in.
  screen   an annotate screen labels, the server restarts (pg_ctl restart), the screen labels
           on: every key saved (the screen reconnects), every saved label stored.

leases and screen drive the screen through pyte (pip install pyte), as
Benchmarks/screen/latency.py does.

Run under scripts/with-postgres.sh (it starts a throwaway server and sets
OPINE_TEST_POSTGRES_URL, PGPASSFILE and OPINE_TEST_POSTGRES_CTL):

  scripts/with-postgres.sh python3 Benchmarks/server/acceptance.py .build/release/opine [race kill restart leases screen]
"""
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

OPINE = os.path.abspath(sys.argv[1])
PARTS = sys.argv[2:] or ["race", "kill", "restart", "import_restart", "leases", "screen"]
SERVER = os.environ["OPINE_TEST_POSTGRES_URL"]
LABELS = ["negative", "neutral", "positive"]


def psql(url, sql):
    return subprocess.run(["psql", "-X", "-A", "-t", "-q", url, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def fresh_project(annotators, items, overlap=2, extra=""):
    name = "opine_a_" + uuid.uuid4().hex[:20]
    psql(SERVER, f"CREATE DATABASE {name}")
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    folder = tempfile.mkdtemp(prefix="opine-acceptance-")
    people = "\n".join(f'[[annotators]]\nname = "{a}"\nrole = "{"lead" if i == 0 else "annotator"}"\n' for i, a in enumerate(["lea"] + annotators))
    with open(os.path.join(folder, "opine.toml"), "w") as handle:
        handle.write(f'name = "acceptance"\noverlap = {overlap}\n{extra}\n[store]\nurl = "{url}"\n\n{people}')
    with open(os.path.join(folder, "items.csv"), "w") as handle:
        handle.write("id,text\n" + "".join(f"i{n},text number {n}\n" for n in range(1, items + 1)))
    subprocess.run([OPINE, "import", os.path.join(folder, "items.csv"), "--project", folder], check=True, capture_output=True)
    return folder, url


def stored_labels(url):
    rows = psql(url, "SELECT i.external_id, n.name, c.label FROM current_label c JOIN item i ON i.id = c.item_id "
                     "JOIN annotator n ON n.id = c.annotator_id")
    result = {}
    for line in rows.splitlines():
        item, annotator, label = line.split("|")
        result.setdefault(item, {})[annotator] = label
    return result


# Simulated hosts (Benchmarks/server/hosts.sh): network namespace → the server's address from there.
HOSTS = [tuple(pair.split("=", 1)) for pair in os.environ.get("OPINE_TEST_HOSTS", "").split()]


def stream(folder, annotator, lines, host=None, url=None):
    """`opine label --stdin`; on a simulated host, run in its namespace against the server's address there."""
    command = [OPINE, "label", "--stdin", "--annotator", annotator, "--json", "--project", folder]
    if host:
        namespace, address = host
        command = ["ip", "netns", "exec", namespace] + command + ["--database", url.replace("127.0.0.1", address, 1)]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def unexpected_errors(stderr):
    return [line for line in stderr.splitlines() if line and "already has 2 annotators" not in line]


def race():
    annotators = [f"h{host}w{n}" for host in (1, 2) for n in range(1, 9)]
    items = 5000
    folder, url = fresh_project(annotators, items)
    started = time.monotonic()
    results = {}

    def work(index, annotator):
        rng = random.Random(index + 1)
        order = [f"i{n}" for n in range(1, items + 1)]
        rng.shuffle(order)
        host = HOSTS[index // 8] if len(HOSTS) == 2 else None
        process = stream(folder, annotator, None, host=host, url=url)
        out, err = process.communicate("".join(f"{item}\t{rng.choice(LABELS)}\n" for item in order))
        results[annotator] = (process.returncode, out, err)

    threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(annotators)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    seconds = time.monotonic() - started
    acks = [json.loads(line) for _, out, _ in results.values() for line in out.splitlines()]
    errors = [e for _, _, err in results.values() for e in unexpected_errors(err)]
    stored = stored_labels(url)
    duplicates = int(psql(url, "SELECT count(*) FROM (SELECT item_id, annotator_id FROM live_annotation GROUP BY 1, 2 HAVING count(*) > 1) d"))
    missing = [a for a in acks if stored.get(a["item"], {}).get(a["annotator"]) != a["label"]]
    counts = {len(v) for v in stored.values()}
    where = (f"8 in each of the network namespaces {HOSTS[0][0]} and {HOSTS[1][0]}, over veth to {HOSTS[0][1]} and {HOSTS[1][1]}"
             if len(HOSTS) == 2 else "8 per simulated host as separate processes on loopback")
    print(f"race ({where}): 16 processes, {items} items, overlap 2: {len(acks)} labels acknowledged, "
          f"{sum(len(v) for v in stored.values())} stored, items with exactly 2 annotators: {sum(len(v) == 2 for v in stored.values())}, "
          f"annotator counts per item {sorted(counts)}, duplicate (item, annotator) rows {duplicates}, "
          f"acknowledged but missing {len(missing)}, errors shown {len(errors)}, {seconds:.1f} s "
          f"({8 * items * 2 / seconds:.0f} attempts/s)")
    ok = len(acks) == 2 * items and len(stored) == items and counts == {2} and not missing and not errors and duplicates == 0
    if errors: print("  first errors:", errors[:3])
    return ok


def kill():
    per_trial = 1000
    folder, url = fresh_project(["kay"], 50 * per_trial, overlap=1)
    lost = 0
    acknowledged = 0
    cut_short = 0
    rng = random.Random(7)
    next_item = 1
    for trial in range(50):
        process = stream(folder, "kay", None)
        lines = "".join(f"i{n}\t{rng.choice(LABELS)}\n" for n in range(next_item, next_item + per_trial))
        next_item += per_trial
        def feed():
            try:
                process.stdin.write(lines)
                process.stdin.flush()
            except BrokenPipeError:
                pass
        threading.Thread(target=feed).start()
        time.sleep(rng.uniform(0.05, 0.4))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        acks = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        acknowledged += len(acks)
        cut_short += len(acks) < per_trial
        stored = stored_labels(url)
        lost += sum(1 for a in acks if stored.get(a["item"], {}).get("kay") != a["label"])
    status = subprocess.run([OPINE, "status", "--json", "--project", folder], capture_output=True, text=True)
    print(f"kill: 50 SIGKILLs, {cut_short} of them mid-stream (before all {per_trial} labels were acknowledged); "
          f"{acknowledged} labels acknowledged before them, {lost} lost; status afterwards exit {status.returncode}")
    return lost == 0 and status.returncode == 0 and acknowledged > 0 and cut_short >= 45


def restart():
    ctl = os.environ["OPINE_TEST_POSTGRES_CTL"]
    folder, url = fresh_project(["kay"], 400, overlap=1)
    process = stream(folder, "kay", None)
    acks = []
    reader = threading.Thread(target=lambda: acks.extend(process.stdout))
    reader.start()
    started = time.monotonic()
    restarted_at = None
    for n in range(1, 401):
        process.stdin.write(f"i{n}\tneutral\n")
        process.stdin.flush()
        time.sleep(0.01)
        if n == 150:
            restarted_at = time.monotonic() - started
            subprocess.run(shlex.split(ctl) + ["restart", "-m", "fast", "-w"], check=True, capture_output=True)
    process.stdin.close()
    process.wait()
    reader.join()
    err = process.stderr.read()
    stored = stored_labels(url)
    parsed = [json.loads(line) for line in acks if line.startswith("{")]
    missing = [a for a in parsed if stored.get(a["item"], {}).get("kay") != a["label"]]
    print(f"restart: server restarted after 150 of 400 labels (at {restarted_at:.1f} s); {len(parsed)} acknowledged, "
          f"{len(stored)} stored, {len(missing)} missing, exit {process.returncode}, errors shown {len(unexpected_errors(err))}")
    if err: print("  stderr:", err[:300])
    return len(parsed) == 400 and len(stored) == 400 and not missing and process.returncode == 0 and not unexpected_errors(err)


def import_restart():
    ctl = os.environ["OPINE_TEST_POSTGRES_CTL"]
    folder, url = fresh_project(["kay"], 10)
    rows = 400_000
    path = os.path.join(folder, "more.csv")
    with open(path, "w") as handle:
        handle.write("id,text\n" + "".join(f"m{n},another text {n}\n" for n in range(rows)))
    outcomes = []
    for delay in (0.3, 0.8, 1.3):
        psql(url, "DELETE FROM item WHERE external_id LIKE 'm%'")
        process = subprocess.Popen([OPINE, "import", path, "--project", folder, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        running = process.poll() is None
        subprocess.run(shlex.split(ctl) + ["restart", "-m", "fast", "-w"], check=True, capture_output=True)
        out, err = process.communicate()
        count = int(psql(url, "SELECT count(*) FROM item WHERE external_id LIKE 'm%'"))
        outcomes.append((delay, running, process.returncode, count, err.strip()[:200]))
    print("import_restart: " + "; ".join(f"restart {d} s into an import of {rows:,} rows ({'running' if r else 'already done'}): "
                                         f"exit {code}, {count:,} stored" + (f" ({err})" if err else "")
                                         for d, r, code, count, err in outcomes))
    return all(code == 0 and count == rows for _, _, code, count, _ in outcomes) and any(r for _, r, _, _, _ in outcomes)


def open_screen(folder, annotator):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "screen"))
    from latency import ROWS, Screen
    screen = Screen(OPINE, folder, annotator, os.path.join(folder, f"latency-{annotator}.log"))
    screen.read_until(lambda: screen.item_id() is not None and "q quit" in screen.row(ROWS - 1), timeout=30)
    return screen


def leases():
    killed = [f"kay{n}" for n in range(1, 6)]
    seconds = 20
    folder, url = fresh_project(killed + ["ana"], 8, overlap=1,
                                extra=f"[annotate]\nlease_minutes = {seconds / 60}\nretrain_every = 0\n")
    shown = {}
    first_lease = time.monotonic()  # no lease is older than this
    for annotator in killed:
        screen = open_screen(folder, annotator)
        shown[annotator] = screen.item_id()
        os.killpg(screen.process.pid, signal.SIGKILL)
        screen.process.wait()
    leased_at = time.monotonic()
    def label(item):
        return subprocess.run([OPINE, "label", item, "positive", "--annotator", "ana", "--project", folder],
                              capture_output=True, text=True).returncode
    held = sorted(set(shown.values()))
    refused = [item for item in held if label(item) == 75]
    refused_in = time.monotonic() - first_lease
    time.sleep(max(0.0, seconds + 1 - (time.monotonic() - leased_at)))
    accepted = [item for item in held if label(item) == 0]
    stored = stored_labels(url)
    print(f"leases: {len(killed)} screens SIGKILLed while showing {len(held)} distinct items; {refused_in:.1f} s after the first lease "
          f"another annotator's label was refused as full on {len(refused)} of them; after the {seconds} s lease "
          f"{len(accepted)} were accepted and {sum(1 for i in held if stored.get(i, {}).get('ana') == 'positive')} stored")
    return len(held) == len(killed) and refused == held and accepted == held and refused_in < seconds


def screen():
    ctl = os.environ["OPINE_TEST_POSTGRES_CTL"]
    folder, url = fresh_project(["kay"], 40, overlap=1, extra="[annotate]\nretrain_every = 0\n")
    view = open_screen(folder, "kay")
    from latency import ROWS
    saved = []
    for n in range(12):
        if n == 6:
            subprocess.run(shlex.split(ctl) + ["restart", "-m", "fast", "-w"], check=True, capture_output=True)
        before = view.item_id()
        view.press("2")
        view.read_until(lambda: f"saved neutral on {before}" in view.row(ROWS - 2) or "fail" in view.row(ROWS - 2).lower(), timeout=60)
        if f"saved neutral on {before}" in view.row(ROWS - 2):
            saved.append(before)
        else:
            print("  status line:", view.row(ROWS - 2).strip())
    view.press("q")
    code = view.process.wait(timeout=30)
    stored = stored_labels(url)
    in_store = [item for item in saved if stored.get(item, {}).get("kay") == "neutral"]
    print(f"screen: server restarted after 6 of 12 keys; {len(saved)} saved on the screen, {len(in_store)} of them stored, "
          f"{len(stored)} labels in the store, exit {code}")
    return len(saved) == 12 and len(in_store) == 12 and len(stored) == 12 and code == 0


if __name__ == "__main__":
    outcomes = {part: globals()[part]() for part in PARTS}
    print("acceptance:", ", ".join(f"{part} {'ok' if ok else 'FAILED'}" for part, ok in outcomes.items()))
    sys.exit(0 if all(outcomes.values()) else 1)
