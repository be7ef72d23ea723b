#!/usr/bin/env python3
"""`make bench`: Touchpoint against a plain-Python baseline and the file system's floor.

    run.py [--sizes 1k,10k,100k] [--runs N] [--no-doc]

For each size it generates a synthetic practice (bench/generate.py) in bench/work/SIZE/, then
measures, with the release binary in TOUCHPOINT_BIN:

  check      `touchpoint check`, warm cache;
  build      a full `touchpoint build` into an empty out/;
  no-op      `touchpoint build` again with nothing changed, warm cache: must rewrite no file;
  edit-step  `touchpoint build` after changing one word in one step's body (in the campaign
             file, restored afterwards): must rewrite that step's messages and nothing else;
             timed again, alternately, with TOUCHPOINT_PLAIN_REPLACE=1 (plain renames);
  baseline   bench/baseline.py writing the same messages (from Touchpoint's schedule.csv);
  floor      bench/floor.c writing the same files with the same sizes and nothing else;
  deliver    `touchpoint deliver` with nothing due (warm cache); then, into this machine's
             Postfix (Tests/Mail/mail-server starts it), the outbox's Monday messages handed to
             its `sendmail` (at most DELIVER_MESSAGES, default 300), and the same files piped to
             `sendmail` by a plain loop, the floor of any delivery that runs the command once a
             message. All of them go to one local test mailbox, which is emptied afterwards.

Before every full build, baseline and floor run, the previous output is removed, the file
system synced and the page cache dropped (as root; skipped otherwise). Full builds, baseline and
floor runs are interleaved so that a change in the machine's load hits all three alike. Wall
time is measured around the process, peak RSS is the child's ru_maxrss (wait4). The table
quotes medians; docs/benchmarks.md gets the same table and a description of the machine.

`--deliver-only` generates and builds each size once and measures only the deliver rows.

Environment: TOUCHPOINT_BIN (default .build/release/touchpoint), AS_OF (default 2026-11-30),
TOUCHPOINT_SECRET (default: the example's), CC (default cc), RUNS, BASELINE_RUNS and
BASELINE_SAMPLE (override the per-size defaults below).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"

# Runs per size: full builds and floor runs (`runs`), checks, no-op and edited-step rebuilds,
# baseline runs, and the baseline's sample: it renders every Nth message of the schedule (1 = all)
# and its rate is computed from those. The baseline writes a few hundred messages a second, so
# all of them at 10k and 100k would take most of the benchmark's time on a small machine. At 100k,
# removing an outbox of ~340,000 files and syncing takes most of a minute, so there is one full
# build and one floor run (RUNS=3 for more). The no-op and edited-step rebuilds take a few seconds
# there, so they run three times like at 10k: the first no-op follows the floor run, whose cache
# drop leaves the manifest and the practice to be read from disk once, and the first edit finds
# the old messages' data out of the page cache, the later ones (after a restoring build) in it.
PLAN = {
    "1k": {"runs": 5, "checks": 5, "noops": 5, "edits": 3, "baseline_runs": 3, "baseline_sample": 1},
    "10k": {"runs": 3, "checks": 5, "noops": 3, "edits": 3, "baseline_runs": 1, "baseline_sample": 4},
    "100k": {"runs": 1, "checks": 3, "noops": 3, "edits": 3, "baseline_runs": 1, "baseline_sample": 20},
}


STARTED = time.monotonic()

# The wall times of `touchpoint review` of the repository's example practice, built as of --as-of.
EXAMPLE_REVIEW: list[float] = []


def review_example(args, env: dict, binary: str) -> None:
    root = WORK / "example"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("touchpoint.yaml", "campaigns", "contacts"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of], env), "touchpoint build (example)")
    log("example: review ×5")
    for _ in range(5):
        EXAMPLE_REVIEW.append(checked(measure([binary, "review", "--root", str(root), "--as-of", args.as_of], env),
                                      "touchpoint review (example)").wall)


def log(message: str) -> None:
    elapsed = int(time.monotonic() - STARTED)
    print(f"bench [{elapsed // 60}:{elapsed % 60:02d}]: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Measuring

class Run:
    def __init__(self, wall: float, rss_kb: int, code: int, stdout: str, stderr: str):
        self.wall, self.rss_kb, self.code, self.stdout, self.stderr = wall, rss_kb, code, stdout, stderr


GNU_TIME = "/usr/bin/time"


def measure(command: list[str], env: dict | None = None) -> Run:
    """Runs `command`; its wall time, and its own peak RSS as GNU time's %M reports it.

    Not ru_maxrss from wait4 here: a child forked from this (large) Python process carries the
    parent's resident set into its maximum across exec, so small children would look big.
    Without /usr/bin/time, wait4's figure is used and is an upper bound."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss.name, *command] if os.access(GNU_TIME, os.X_OK) else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak = usage.ru_maxrss
        if wrapped is not command:
            lines = rss.read().split()
            peak = int(lines[-1]) if lines and lines[-1].isdigit() else peak
        return Run(wall, peak, process.returncode, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"))


def checked(run: Run, what: str) -> Run:
    if run.code != 0:
        log(f"{what} failed with exit status {run.code}")
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(1)
    return run


CACHE_DROPPED = {"value": False}


def cold(path: Path | None = None) -> None:
    """Removes `path`, syncs, and drops the page cache when allowed."""
    if path is not None and path.exists():
        subprocess.run(["rm", "-rf", "--", str(path)], check=True)
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        CACHE_DROPPED["value"] = True
    except OSError:
        pass


def snapshot(out: Path) -> dict[str, tuple[int, int, int]]:
    """Every .eml under `out` (relative path → inode, mtime in ns, size)."""
    files = {}
    for day in os.scandir(out):
        if not day.is_dir(follow_symlinks=False) or day.name.startswith("."):
            continue
        for entry in os.scandir(day.path):
            if entry.name.endswith(".eml") and entry.is_file(follow_symlinks=False):
                stat = entry.stat(follow_symlinks=False)
                files[f"{day.name}/{entry.name}"] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return files


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path, state in after.items() if before.get(path) != state} | (before.keys() - after.keys())


def output_size(out: Path) -> tuple[int, int]:
    files = snapshot(out)
    return len(files), sum(size for _, _, size in files.values())


# ---------------------------------------------------------------------------------------------
# The edited step

def edit_step(root: Path, schedule: list[dict]) -> tuple[Path, str, str, str]:
    """Chooses the step with the most messages whose inline body has an unconditional line with
    a plain word, and returns (campaign file, its edited text, campaign id, step id)."""
    counts: dict[tuple[str, str], int] = {}
    for row in schedule:
        counts[(row["campaign"], row["step"])] = counts.get((row["campaign"], row["step"]), 0) + 1
    files = {}
    for path in sorted((root / "campaigns").glob("*.yaml")):
        match = re.search(r"^campaign:\s*['\"]?([\w-]+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            files[match.group(1)] = path
    for (campaign, step), _ in sorted(counts.items(), key=lambda item: -item[1]):
        path = files.get(campaign)
        if path is None:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        start = next((i for i, line in enumerate(lines) if re.match(rf"^\s*-\s*id:\s*['\"]?{re.escape(step)}['\"]?\s*$", line)), None)
        if start is None:
            continue
        body = None
        for i in range(start + 1, len(lines)):
            if re.match(r"^\s*-\s*id:", lines[i]):
                break
            if re.match(r"^\s*body:\s*[|>]", lines[i]):
                body = i
                break
        if body is None:
            continue
        indent = len(lines[body]) - len(lines[body].lstrip())
        for i in range(body + 1, len(lines)):
            line = lines[i]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            if "{%" in line:
                break
            if "{" in line or "<" in line or "](" in line:
                continue
            word = re.search(r"\b[a-z]{4,}\b", line)
            if word:
                lines[i] = line[: word.start()] + word.group(0).upper() + line[word.end():]
                return path, "\n".join(lines), campaign, step
    raise SystemExit("bench: found no step body to edit")


# ---------------------------------------------------------------------------------------------
# One size

def run_size(size: str, args, env: dict, binary: str, floor: Path) -> dict:
    plan = dict(PLAN.get(size, PLAN["10k"]))
    for key, variable in (("runs", "RUNS"), ("baseline_runs", "BASELINE_RUNS"), ("baseline_sample", "BASELINE_SAMPLE")):
        if os.environ.get(variable):
            plan[key] = int(os.environ[variable])
    if args.runs:
        plan["runs"] = args.runs
    runs = plan["runs"]
    root = WORK / size
    log(f"{size}: generating the practice")
    checked(measure([sys.executable, str(HERE / "generate.py"), size, "--out", str(root), "--as-of", args.as_of], env), "generate")
    with open(root / "contacts" / "patients.csv", newline="", encoding="utf-8") as handle:
        contacts = sum(1 for _ in csv.reader(handle)) - 1
    out, out_baseline, out_floor = root / "out", root / "out-baseline", root / "out-floor"
    result: dict = {"size": size, "contacts": contacts, "plan": plan, "date": dt.datetime.now().isoformat(timespec="seconds")}

    log(f"{size}: check ×{plan['checks']}")
    checks = [checked(measure([binary, "check", "--root", str(root)], env), "touchpoint check") for _ in range(plan["checks"])]
    warnings = len(re.findall(r"\bwarning\b", checks[0].stdout + checks[0].stderr))

    builds, baselines, floors = [], [], []
    files_list = root / "files.txt"
    schedule_copy = root / "schedule.csv"
    sample_schedule = root / "schedule-sample.csv"
    for index in range(max(runs, plan["baseline_runs"])):
        if index < runs:
            log(f"{size}: full build {index + 1}/{runs}")
            cold(out)
            builds.append(checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of, "--out", str(out)], env),
                                  "touchpoint build"))
            if index == 0:
                shutil.copyfile(out / "schedule.csv", schedule_copy)
                listing = subprocess.run(["find", str(out), "-name", "*.eml", "-printf", "%P %s\n"], check=True,
                                         capture_output=True, text=True).stdout
                files_list.write_text("".join(sorted(listing.splitlines(keepends=True))))
                with open(schedule_copy, newline="", encoding="utf-8") as handle:
                    schedule = list(csv.DictReader(handle))
                with open(sample_schedule, "w", newline="", encoding="utf-8") as handle:
                    writer = csv.DictWriter(handle, fieldnames=list(schedule[0].keys()) if schedule else [])
                    writer.writeheader()
                    writer.writerows(schedule[:: plan["baseline_sample"]])
        if index < plan["baseline_runs"]:
            log(f"{size}: baseline {index + 1}/{plan['baseline_runs']}")
            cold(out_baseline)
            baselines.append(checked(measure([str(args.python), str(HERE / "baseline.py"), "--root", str(root),
                                              "--schedule", str(sample_schedule), "--out", str(out_baseline),
                                              "--as-of", args.as_of], env), "baseline"))
        if index < runs:
            log(f"{size}: floor {index + 1}/{runs}")
            cold(out_floor)
            floors.append(checked(measure([str(floor), str(files_list), str(out_floor)], env), "floor"))

    messages, total = output_size(out)
    baseline_messages, baseline_bytes = output_size(out_baseline)
    floor_messages, floor_bytes = output_size(out_floor)
    result.update(messages=messages, bytes=total, schedule_rows=len(schedule), warnings=warnings,
                  baseline_messages=baseline_messages, baseline_bytes=baseline_bytes,
                  floor_messages=floor_messages, floor_bytes=floor_bytes,
                  baseline_report=baselines[-1].stdout.strip())
    problems = []
    if messages != len(schedule):
        problems.append(f"out/ holds {messages} messages, schedule.csv lists {len(schedule)}")
    if floor_messages != messages or floor_bytes != total:
        problems.append(f"floor wrote {floor_messages} files / {floor_bytes} bytes for {messages} / {total}")
    expected_baseline = len(schedule[:: plan["baseline_sample"]])
    if baseline_messages != expected_baseline:
        problems.append(f"baseline wrote {baseline_messages} messages for {expected_baseline}")
    differing = re.search(r"(\d+) subjects differ", result["baseline_report"])
    if differing and differing.group(1) != "0":
        problems.append(f"baseline: {result['baseline_report']}")

    log(f"{size}: no-op rebuild ×{plan['noops']}")
    noops, noop_rewritten = [], []
    for _ in range(plan["noops"]):
        before = snapshot(out)
        noops.append(checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of, "--out", str(out)], env),
                             "touchpoint build (no-op)"))
        noop_rewritten.append(len(rewritten(before, snapshot(out))))
    if any(noop_rewritten):
        problems.append(f"the no-op rebuild rewrote {max(noop_rewritten)} files")

    log(f"{size}: review ×{plan['noops']}")
    review_site = root / "review-site"
    reviews = [checked(measure([binary, "review", "--root", str(root), "--as-of", args.as_of, "--site", str(review_site)], env),
                       "touchpoint review") for _ in range(plan["noops"])]
    review_files, review_bytes = 0, 0
    for folder, _, files in os.walk(review_site):
        review_files += len(files)
        review_bytes += sum((Path(folder) / name).stat().st_size for name in files)
    result.update(review_files=review_files, review_bytes=review_bytes)

    path, edited, campaign, step = edit_step(root, schedule)
    expected = {row["file"] for row in schedule if row["campaign"] == campaign and row["step"] == step}
    log(f"{size}: rebuild after editing {campaign}.{step} ({len(expected)} messages) ×{plan['edits']}, "
        f"and as many with plain renames")
    original = path.read_text(encoding="utf-8")
    # The same rebuild with TOUCHPOINT_PLAIN_REPLACE=1, which turns off the reuse of replaced
    # files: the reuse stays only while it saves at least 0.3 s here at 10k (issue 14). The two
    # alternate, first one then the other, so that a change in the machine's load hits both alike.
    plain_env = dict(env, TOUCHPOINT_PLAIN_REPLACE="1")
    edits, plain_edits, edit_rewritten, edit_unexpected = [], [], [], []
    try:
        for index in range(plan["edits"]):
            ways = [(env, edits), (plain_env, plain_edits)]
            if index % 2:
                ways.reverse()
            for position, (way_env, times) in enumerate(ways):
                path.write_text(edited, encoding="utf-8")
                before = snapshot(out)
                times.append(checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of, "--out", str(out)],
                                             way_env), "touchpoint build (edited step)"))
                changed = rewritten(before, snapshot(out))
                edit_rewritten.append(len(changed))
                edit_unexpected.append(len(changed ^ expected))
                path.write_text(original, encoding="utf-8")
                if position == 0 or index + 1 < plan["edits"]:
                    checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of, "--out", str(out)], way_env),
                            "touchpoint build (restored step)")
    finally:
        path.write_text(original, encoding="utf-8")
    if any(edit_unexpected):
        problems.append(f"the edited-step rebuild rewrote {max(edit_rewritten)} files, "
                        f"{max(edit_unexpected)} of them not (or not all) the {len(expected)} of {campaign}.{step}")

    def summary(runs_: list[Run]) -> dict:
        walls = [run.wall for run in runs_]
        return {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "runs": len(walls),
                "rss_mb": max(run.rss_kb for run in runs_) / 1024}

    result.update(run_deliver(size, root, out, plan, args, env, binary))
    if result["deliver_arrived"] != result["deliver_sent"]:
        problems.append(f"deliver sent {result['deliver_sent']} messages, {result['deliver_arrived']} arrived")

    result.update(check=summary(checks), build=summary(builds), noop=summary(noops), edit=summary(edits), review=summary(reviews),
                  edit_plain=summary(plain_edits),
                  baseline=summary(baselines), floor=summary(floors), noop_rewritten=max(noop_rewritten),
                  edited_step=f"{campaign}.{step}", edit_expected=len(expected), edit_rewritten=max(edit_rewritten),
                  edit_unexpected=max(edit_unexpected), baseline_sample=plan["baseline_sample"],
                  baseline_sample_messages=expected_baseline, build_summary=builds[-1].stdout.strip().splitlines()[-1:],
                  problems=problems)
    for problem in problems:
        log(f"{size}: PROBLEM: {problem}")
    (WORK / f"results-{size}.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


# ---------------------------------------------------------------------------------------------
# Delivery

MAIL_SERVER = REPO / "Tests" / "Mail" / "mail-server"
MAILDIR = Path("/home/tpmail/Maildir")
BENCH_RECIPIENT = "tpmail+bench@touchpoint.test"


def mail_queue_empty() -> bool:
    for queue in ("maildrop", "incoming", "active", "deferred"):
        for _, _, files in os.walk(f"/var/spool/postfix/{queue}"):
            if files:
                return False
    return True


def bench_mail() -> list[Path]:
    """The benchmark's messages in the test mailbox."""
    found = []
    for folder in ("new", "cur"):
        for path in (MAILDIR / folder).glob("*") if (MAILDIR / folder).is_dir() else []:
            with open(path, "rb") as handle:
                if b"X-Original-To: " + BENCH_RECIPIENT.encode() in handle.read(4096):
                    found.append(path)
    return found


def settle_mail(expected: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if mail_queue_empty() and len(bench_mail()) >= expected:
            break
        time.sleep(0.2)
    return len(bench_mail())


def run_deliver(size: str, root: Path, out: Path, plan: dict, args, env: dict, binary: str) -> dict:
    """`touchpoint deliver`: a run with nothing due, and hand-offs into Postfix against sendmail alone."""
    midnight = f"{args.as_of}T00:00"
    log(f"{size}: deliver with nothing due ×{plan['noops']}")
    idle = []
    for _ in range(plan["noops"]):
        run = checked(measure([binary, "deliver", "--root", str(root), "--out", str(out), "--now", midnight], env),
                      "touchpoint deliver (nothing due)")
        if not run.stderr.strip().endswith("0 sent, 0 expired, 0 failed, 0 waiting for the send window"):
            raise SystemExit(f"bench: deliver with nothing due said: {run.stderr.strip()}")
        idle.append(run)

    limit = int(os.environ.get("DELIVER_MESSAGES") or 300)
    now = f"{args.as_of}T17:59"
    checked(measure(["bash", str(MAIL_SERVER), "start"], env), "mail-server start")
    for path in bench_mail():
        path.unlink()
    # Every message to one local mailbox: the command names the recipient itself.
    practice = root / "touchpoint.yaml"
    original = practice.read_text(encoding="utf-8")
    try:
        practice.write_text(original + "\ndelivery:\n  command: [/usr/sbin/sendmail, -i, -f, "
                            f"tpmail+bench-bounces@touchpoint.test, --, {BENCH_RECIPIENT}]\n", encoding="utf-8")
        deadline = dt.datetime.fromisoformat(now + ":00-06:00")
        with open(out / "schedule.csv", newline="", encoding="utf-8") as handle:
            due = [row for row in csv.DictReader(handle) if dt.datetime.fromisoformat(row["send_at"]) <= deadline]
        log(f"{size}: deliver at most {limit} of {len(due)} due messages into Postfix, then sendmail alone")
        run = measure([binary, "deliver", "--root", str(root), "--out", str(out), "--now", now, "--limit", str(limit)], env)
        sent_match = re.search(r"touchpoint: ([\d,]+) sent", run.stderr)
        sent = int(sent_match.group(1).replace(",", "")) if sent_match else 0
        if run.code not in (0, 1) or sent == 0:
            raise SystemExit(f"bench: deliver failed ({run.code}): {run.stderr[-2000:]}")
        arrived = settle_mail(sent)
        # The same files, from out/sent/, each piped to sendmail by a plain loop.
        moved = [out / "sent" / row["file"] for row in due]
        moved = [path for path in moved if path.exists()]
        start = time.perf_counter()
        for path in moved:
            with open(path, "rb") as message:
                subprocess.run(["/usr/sbin/sendmail", "-i", "-f", "tpmail+bench-bounces@touchpoint.test", "--", BENCH_RECIPIENT],
                               stdin=message, check=True)
        alone = time.perf_counter() - start
        arrived_alone = settle_mail(sent + len(moved)) - arrived
    finally:
        practice.write_text(original, encoding="utf-8")
        for path in bench_mail():
            path.unlink()
        measure(["bash", str(MAIL_SERVER), "stop"], env)
    walls = [r.wall for r in idle]
    return {
        "deliver_idle": {"median": statistics.median(walls), "min": min(walls), "max": max(walls), "runs": len(walls),
                         "rss_mb": max(r.rss_kb for r in idle) / 1024},
        "deliver_sent": sent, "deliver_arrived": arrived, "deliver_expired": len(re.findall(r": expired:", run.stderr)),
        "deliver": {"median": run.wall, "min": run.wall, "max": run.wall, "runs": 1, "rss_mb": run.rss_kb / 1024},
        "sendmail_alone": {"median": alone, "min": alone, "max": alone, "runs": 1, "rss_mb": 0},
        "sendmail_alone_messages": len(moved), "sendmail_alone_arrived": arrived_alone,
    }


def deliver_only(size: str, args, env: dict, binary: str) -> list[list[str]]:
    """The deliver rows alone: the practice generated and built once."""
    plan = dict(PLAN.get(size, PLAN["10k"]))
    root = WORK / size
    log(f"{size}: generating the practice")
    checked(measure([sys.executable, str(HERE / "generate.py"), size, "--out", str(root), "--as-of", args.as_of], env), "generate")
    out = root / "out"
    log(f"{size}: full build")
    cold(out)
    checked(measure([binary, "build", "--root", str(root), "--as-of", args.as_of, "--out", str(out)], env), "touchpoint build")
    messages, _ = output_size(out)
    result = {"size": size, "messages": messages, **run_deliver(size, root, out, plan, args, env, binary)}
    log(f"{size}: {result['deliver_sent']} sent, {result['deliver_arrived']} arrived; "
        f"sendmail alone {result['sendmail_alone_messages']}, {result['sendmail_alone_arrived']} arrived")
    return deliver_rows(result)


# ---------------------------------------------------------------------------------------------
# Reporting

def rows_for(result: dict) -> list[list[str]]:
    messages, total = result["messages"], result["bytes"]

    def line(name: str, data: dict, count: int | None, size: int | None, notes: str) -> list[str]:
        median = data["median"]
        return [result["size"], name, f"{data['runs']}", f"{median:.3f}", f"{data['min']:.2f}–{data['max']:.2f}",
                f"{count / median:,.0f}" if count else "—", f"{size / median / 1e6:.1f}" if size else "—",
                f"{data['rss_mb']:.0f}", notes]

    sample = result["baseline_sample"]
    baseline_note = "same messages" + (f"; every {sample}th ({result['baseline_sample_messages']:,})" if sample > 1 else "")
    return [
        line("check", result["check"], messages, None, f"{result['contacts']:,} contacts, warm cache"),
        line("build (full)", result["build"], messages, total, f"{messages:,} messages, {total / 1e6:.0f} MB"),
        line("no-op rebuild", result["noop"], messages, None, f"{result['noop_rewritten']} files rewritten, warm cache"),
        *([line("review", result["review"], messages, None,
                f"{result['review_files']:,} pages, {result['review_bytes'] / 1e6:.1f} MB")] if "review" in result else []),
        line("edited-step rebuild", result["edit"], result["edit_expected"], None,
             f"{result['edit_rewritten']:,} rewritten ({result['edited_step']}: {result['edit_expected']:,})"),
        *([line("edited-step rebuild, plain rename", result["edit_plain"], result["edit_expected"], None,
                "TOUCHPOINT_PLAIN_REPLACE=1, alternating with the row above")] if "edit_plain" in result else []),
        line("baseline (Python)", result["baseline"], result["baseline_messages"], result["baseline_bytes"], baseline_note),
        line("floor (C)", result["floor"], result["floor_messages"], result["floor_bytes"], "same files, same sizes"),
        *deliver_rows(result),
    ]


def deliver_rows(result: dict) -> list[list[str]]:
    if "deliver" not in result:
        return []

    def line(name: str, data: dict, count: int | None, notes: str) -> list[str]:
        median = data["median"]
        return [result["size"], name, f"{data['runs']}", f"{median:.3f}", f"{data['min']:.2f}–{data['max']:.2f}",
                f"{count / median:,.1f}" if count else "—", "—", f"{data['rss_mb']:.0f}" if data["rss_mb"] else "—", notes]

    return [
        line("deliver, nothing due", result["deliver_idle"], None, f"outbox of {result.get('messages', 0):,} messages, warm cache"),
        line("deliver into Postfix", result["deliver"], result["deliver_sent"],
             f"{result['deliver_sent']:,} handed to sendmail, {result['deliver_arrived']:,} in the Maildir"),
        line("sendmail alone (loop)", result["sendmail_alone"], result["sendmail_alone_messages"],
             "the same files piped to sendmail one by one: the floor"),
    ]


HEADER = ["size", "step", "runs", "wall s (median)", "min–max", "messages/s", "MB/s", "peak RSS MB", "notes"]
RATIO_HEADER = ["size", "measured", "messages", "messages/contact", "Touchpoint/baseline (messages/s)", "Touchpoint/floor (time)",
                "no-op / full build (time)"]


def ratio_row(result: dict) -> list[str]:
    build = result["build"]["median"]
    baseline_rate = result["baseline_messages"] / result["baseline"]["median"]
    return [result["size"], result["date"][:16].replace("T", " "), f"{result['messages']:,}", f"{result['messages'] / result['contacts']:.2f}",
            f"{result['messages'] / build / baseline_rate:.1f}×", f"{build / result['floor']['median']:.1f}×",
            f"{result['noop']['median'] / build:.2f}"]


TARGET_HEADER = ["target (issue #8)", "size", "measured", "holds"]


def target_rows(results: list[dict]) -> list[list[str]]:
    """Each target of the benchmark's issue against this table's medians."""
    rows = []
    by_size = {result["size"]: result for result in results}

    def row(target: str, size: str, measured: str, holds: bool) -> None:
        rows.append([target, size, measured, "yes" if holds else "**no**"])

    if "10k" in by_size:
        result = by_size["10k"]
        build = result["build"]["median"]
        speed = result["messages"] / build / (result["baseline_messages"] / result["baseline"]["median"])
        row("full build ≥ 30× the baseline's messages/s", "10k", f"{speed:.1f}×", speed >= 30)
        floor = build / result["floor"]["median"]
        row("full build ≤ 2× the floor's time", "10k", f"{floor:.2f}×", floor <= 2)
        if "edit_plain" in result:
            saved = result["edit_plain"]["median"] - result["edit"]["median"]
            row("reusing replaced files saves ≥ 0.3 s on the edited step (issue #14)", "10k", f"{saved:.2f} s", saved >= 0.3)
    for result in results:
        build = result["build"]["median"]
        noop = result["noop"]["median"] / build
        row("no-op rebuild ≤ 10% of the full build, 0 files rewritten", result["size"],
            f"{noop:.0%}, {result['noop_rewritten']} rewritten", noop <= 0.10 and result["noop_rewritten"] == 0)
        edit = result["edit"]["median"] / build
        row("edited step ≤ 25% of the full build, only its messages rewritten", result["size"],
            f"{edit:.0%}, {result['edit_rewritten']:,} of {result['edit_expected']:,}",
            edit <= 0.25 and result["edit_unexpected"] == 0)
    if "10k" in by_size and "review" in by_size["10k"]:
        result = by_size["10k"]
        review, size_mb = result["review"]["median"], result["review_bytes"] / 1e6
        row("review < 5 s and < 20 MB of pages (issue #20)", "10k", f"{review:.2f} s, {size_mb:.1f} MB", review < 5 and size_mb < 20)
    if EXAMPLE_REVIEW:
        review = statistics.median(EXAMPLE_REVIEW)
        row("review of the example practice < 1 s (issue #20)", "example", f"{review:.2f} s", review < 1)
    for result in results:
        if "deliver" in result:
            rate = result["deliver_sent"] / result["deliver"]["median"]
            row("deliver hands ≥ 50 messages/s to Postfix's sendmail (issue #16)", result["size"], f"{rate:.1f}/s", rate >= 50)
    if "100k" in by_size and "deliver_idle" in by_size["100k"]:
        idle = by_size["100k"]["deliver_idle"]["median"]
        row("deliver with nothing due < 0.5 s (issue #16)", "100k", f"{idle:.3f} s", idle < 0.5)
    if "100k" in by_size:
        result = by_size["100k"]
        row("check < 1 s", "100k", f"{result['check']['median']:.2f} s", result["check"]["median"] < 1)
        peak = max(result[step]["rss_mb"] for step in ("check", "build", "noop", "edit"))
        row("peak memory < 300 MB", "100k", f"{peak:.0f} MB", peak < 300)
    return rows


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) if i in (0, 1, len(header) - 1) else cell.rjust(widths[i])
                       for i, cell in enumerate(row)).rstrip() for row in [header] + rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i in (0, 1, len(header) - 1) else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def command_output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine(args, binary: str) -> list[tuple[str, str]]:
    cpu = "unknown"
    memory = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    filesystem = " on ".join(command_output(["findmnt", "-n", "-o", "FSTYPE,SOURCE", "-T", str(WORK)]).split()) or \
        (command_output(["df", "--output=fstype", str(WORK)]).splitlines() or ["unknown"])[-1]
    return [
        ("Date", dt.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("CPU", f"{cpu}, {os.cpu_count()} logical CPUs (nproc {command_output(['nproc'])})"),
        ("Memory", memory),
        ("Kernel", platform.release()),
        ("File system of bench/work", filesystem),
        ("Load average at start", args.load),
        ("Page cache dropped between runs", "yes" if CACHE_DROPPED["value"] else "no (not root)"),
        ("Swift", command_output(["swift", "--version"]).splitlines()[0] if command_output(["swift", "--version"]) else "unknown"),
        ("Python (baseline)", command_output([str(args.python), "--version"]) + ", " +
         command_output([str(args.python), "-c", "import jinja2, markdown, yaml; "
                         "print(f'jinja2 {jinja2.__version__}, markdown {markdown.__version__}, PyYAML {yaml.__version__}')"])),
        ("Touchpoint", f"{binary}, sources at {args.commit}"),
    ]


def write_doc(results: list[dict], args, binary: str) -> None:
    """The table of this run, with the last results of the sizes it did not run (dated)."""
    ran = {result["size"] for result in results}
    for path in WORK.glob("results-*.json"):
        earlier = json.loads(path.read_text())
        if earlier["size"] not in ran:
            results.append(earlier)
    order = list(PLAN)
    results = sorted(results, key=lambda result: (order.index(result["size"]) if result["size"] in order else len(order),
                                                  result["contacts"]))
    rows = [row for result in results for row in rows_for(result)]
    ratios = [ratio_row(result) for result in results]
    problems = [f"- {result['size']}: {problem}" for result in results for problem in result["problems"]]
    described = "\n".join(f"- {name}: {value}" for name, value in machine(args, binary))
    doc = f"""# Benchmarks

`make bench` (or `make bench SIZE=10k` for one size) generates synthetic practices of 1k, 10k
and 100k patients with the example campaigns (`bench/generate.py`, a fixed seed; as of
{args.as_of}, the Makefile's `AS_OF`), and times the release build of `touchpoint` against two
references on the same machine, in the same run:

- **baseline**: `bench/baseline.py`, the plain-Python program a competent engineer would write
  instead (csv, PyYAML, jinja2, markdown, `email.message.EmailMessage` with policy SMTP, one
  `.eml` a message in dated folders). It writes the same messages: it reads the `schedule.csv`
  Touchpoint wrote and renders each row's step for its contact, so only rendering and writing are
  compared, not scheduling. At 10k and 100k it renders only every Nth message of the schedule (see
  the notes) and its rate is taken from those; it still loads every contact, which makes it look
  a few percent slower than it is.
- **floor**: `bench/floor.c` (`cc -O2`), which writes the same number of files with the same sizes
  into the same folders, each to a temporary name renamed into place, then one `syncfs`: the cost
  of the file system alone, which no renderer can beat.

Before every full build, baseline and floor run the previous output is removed, the file system
synced and the page cache dropped; the three are interleaved, run by run. `check`, the no-op
rebuild and the edited-step rebuild run with a warm cache. The edited-step rebuild changes one word
in the body of the step with the most messages (then restores it) and must rewrite exactly that
step's messages; the no-op rebuild must rewrite nothing (compared by inode and mtime). Wall time is
measured around each process; peak RSS is the process's maximum resident set (GNU time's `%M`).
Times are medians; file creation on these disks varies by tens of percent from run to run, and the
min–max column shows by how much it did here.

## Machine

{described}

## Results

{markdown_table(HEADER, rows)}

{markdown_table(RATIO_HEADER, ratios)}

{markdown_table(TARGET_HEADER, target_rows(results))}

messages/s for `check` and the no-op rebuild is the number of messages the practice produces
divided by the time; for the edited-step rebuild, the messages of that step. MB/s counts the bytes
of the `.eml` files written. messages/contact is what the example campaigns send, within the
60-day horizon, to the generated mix of prospects, new, in-treatment, discharged and lapsed
patients (`bench/generate.py`); the generator draws their dates to give the campaigns as much to
send as they can (about five a contact is more than these campaigns send any realistic mix).

## How a build stays cheap

- Nothing is rendered to plan. The build's fingerprint is one pass over what every message is
  made from (the steps and what they are rendered with, the lists' schemas, the contacts' values,
  each message's step, contact, send time and Message-ID). A build whose fingerprint matches the
  manifest's only checks that each file is still there with its size; otherwise each message's
  digest is made, side by side on every core, and one with an edited step renders that step's
  messages only.
- The outbox is read while the schedule is computed, on a thread of its own: the manifest's
  header (its records looked at one by one, each file's size checked, none kept) and the digest of
  `schedule.csv`. Once the build holds the lock it takes that reading if the manifest and the
  schedule are still the same files, unchanged (inode, size, change times); a build that ran in
  between is never missed. A no-op build then never holds the manifest's records at all.
- `schedule.csv` is made again only when what its rows show changed (subjects, addresses, times,
  not bodies) or the file was edited, a window of rows at a time, while the file system flushes
  the messages; the manifest and the schedule are read and written a part at a time.
- The outbox is planned day folder by day folder, side by side: each day's file names are sorted
  and walked beside the manifest's records of that folder, which are in the same order, so no
  table of every path is made; a plan item is three small numbers, and names are made again when
  a file, the journal or the manifest needs them.
- A message whose file is replaced exchanges names with the new file (`RENAME_EXCHANGE`): a
  rename over a file makes ext4 flush the new data at once. The old file is not deleted but written
  over by the next replacement in its folder (in whole pages, so no old page is read back from the
  disk, then trimmed), unless it has another name or anyone has it open (a write lease tells):
  creating a file just after others were deleted makes ext4 scan past their inodes, and freeing
  blocks on a disk mounted with `discard` waits for the device. That halved the edited-step
  rebuild at 10k. It is all in one type, `FileReplacer`; `TOUCHPOINT_PLAIN_REPLACE=1` turns it
  off, and every replacement is then a plain rename over the old file. The benchmark times the
  edited-step rebuild both ways, alternating: the reuse stays only while it saves at least 0.3 s
  at 10k.
- Messages are rendered and written by one worker a core, each taking whole day folders in order
  (a large day in a few parts): ext4 creates files fastest folder by folder, and two threads
  creating files in one folder spin on its lock. Files are created (`openat`) one at a time: with
  two threads creating at once, ext4's inode allocator passed over far more of the inodes the
  previous outbox freed (`recently_deleted`, `find_inode_bit`), which was most of a 10k build's
  kernel time; taking turns cut that time by about 45%.
- The schedule is computed in parts of a list's campaigns and a few thousand contacts on every
  core, and sorted on numbers. A scheduled message is 56 bytes (its Message-ID a 16-byte hash),
  and manifest digests are 32-byte values, so memory follows the messages' number, not their
  strings.
- What is left of a full build is mostly the kernel creating files: after `rm -rf` of the previous
  outbox, ext4 still scans freed inodes at creations, for Touchpoint somewhat more than for the
  floor.
"""
    if problems:
        doc += "\n## Problems seen\n\n" + "\n".join(problems) + "\n"
    (REPO / "docs" / "benchmarks.md").write_text(doc)
    log("wrote docs/benchmarks.md")


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the Touchpoint benchmark.")
    parser.add_argument("--sizes", default=os.environ.get("SIZE") or "1k,10k,100k")
    parser.add_argument("--runs", type=int, default=0, help="override the runs per size")
    parser.add_argument("--as-of", default=os.environ.get("AS_OF") or "2026-11-30")
    parser.add_argument("--python", type=Path, default=Path(sys.executable), help="the Python that runs the baseline")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--deliver-only", action="store_true",
                        help="generate and build each size once, measure only `touchpoint deliver` (no doc)")
    args = parser.parse_args()
    args.load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    args.commit = command_output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) + (
        " with uncommitted changes" if command_output(["git", "-C", str(REPO), "status", "--porcelain", "--", "Sources", "Package.swift"]) else "")

    binary = os.environ.get("TOUCHPOINT_BIN") or str(REPO / ".build" / "release" / "touchpoint")
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"bench: no touchpoint binary at {binary} (set TOUCHPOINT_BIN)")
    binary = str(Path(binary).resolve())
    env = dict(os.environ)
    env.setdefault("TOUCHPOINT_SECRET", "example-practice-secret-not-for-real-use")
    env.pop("NO_COLOR", None)

    WORK.mkdir(parents=True, exist_ok=True)
    floor = WORK / "floor"
    source = HERE / "floor.c"
    if not floor.exists() or floor.stat().st_mtime < source.stat().st_mtime:
        subprocess.run([os.environ.get("CC") or "cc", "-O2", "-o", str(floor), str(source)], check=True)

    results = []
    if args.deliver_only:
        rows = []
        for size in [size.strip() for size in args.sizes.split(",") if size.strip()]:
            rows += deliver_only(size, args, env, binary)
        print(text_table(HEADER, rows))
        return
    review_example(args, env, binary)
    for size in [size.strip() for size in args.sizes.split(",") if size.strip()]:
        results.append(run_size(size, args, env, binary, floor))
        print(text_table(HEADER, rows_for(results[-1])), flush=True)
        print(flush=True)

    print(text_table(HEADER, [row for result in results for row in rows_for(result)]))
    print()
    print(text_table(RATIO_HEADER, [ratio_row(result) for result in results]))
    for result in results:
        for problem in result["problems"]:
            print(f"PROBLEM at {result['size']}: {problem}")
    if not args.no_doc:
        write_doc(results, args, binary)
    if any(result["problems"] for result in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
