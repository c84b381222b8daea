"""Test harness behind tests/run-all (see README.md, "Tests").

Runs every tests/host/* executable and every entry of tests/suite.py on each
-smp configuration through scripts/run-guest (at most JOBS QEMUs at once),
and ends with the single line "N passed, N failed".

Result protocol (guest programs and host tests alike): a line "ok NAME" is a
pass, "FAIL NAME: why" a failure. Each is reported prefixed with its
configuration, e.g. "ok smp4/fstest-32mb". A run that exits non-zero without
any FAIL line, times out, panics, or prints no result line at all counts as
one failure named after the run.

Environment:
  TESTS="boot fstest"   only these suite entries / host tests (by name)
  SMPS="1 4"            -smp configurations (default from tests/suite.py)
  JOBS=2                concurrent QEMUs (default: min(2, CPUs))
  TEST_LOGS=DIR         where per-run logs go (default build/test-logs)
  SKIP_HOST=1           skip tests/host/*
"""

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
RUN_GUEST = os.path.join(ROOT, "scripts", "run-guest")

OK_RE = re.compile(r"^\s*ok\s+(\S.*?)\s*$")
FAIL_RE = re.compile(r"^\s*FAIL\s+([^:]*?)\s*(?::\s*(.*?))?\s*$")

REASONS = {
    124: "timeout",
    125: "kernel panic",
    126: "QEMU exited without the exit marker",
    127: "exit 127 (exec failed: program missing from the image?)",
}
HARD = (2, 124, 125, 126)   # run-guest: set-up error, timeout, panic, no marker


class Run:
    """What one guest (or host) run produced."""

    def __init__(self, rc, stdout_lines, stderr_lines=(), console_lines=(), image=None,
                 duration=0.0, host=False):
        self.rc = rc
        self.stdout_lines = list(stdout_lines)
        self.stderr_lines = list(stderr_lines)
        self.console_lines = list(console_lines)
        self.image = image
        self.duration = duration
        self.hard_failure = rc in HARD and not host
        if rc == 0:
            self.reason = None
        elif rc is None:
            self.reason = "not run"
        elif host:
            self.reason = "exit %d" % rc
        elif rc == 2:
            self.reason = "run-guest set-up error: " + (
                self.stderr_lines[-1] if self.stderr_lines else "exit 2")
        else:
            self.reason = REASONS.get(rc, "exit %d" % rc)


# A kernel log line (a killed process, the OOM killer) that the console
# prints while a program is in the middle of writing a line cuts that line
# in two: "o" + "cleave: pid 541 (x) killed: ...", then "k NAME".
KMSG_MID_RE = re.compile(r"^(.+?)((?:cleave: pid \d+ \(.*?\)(?::| killed:) |oom: killed pid \d+ ).*)$")
# in-guest runner's summary (user/runtests.c)
RUNTESTS_RE = re.compile(r"^\s*runtests: (\d+) passed, (\d+) failed\s*$")


def rejoin_split_lines(lines):
    """Puts a result line that a kernel log line cut in two back together:
    only where the two halves make an ok/FAIL line, so nothing else moves."""
    out, i = [], 0
    while i < len(lines):
        l = lines[i]
        m = KMSG_MID_RE.match(l)
        if m and i + 1 < len(lines) and not (OK_RE.match(l) or FAIL_RE.match(l)):
            joined = m.group(1) + lines[i + 1]
            if OK_RE.match(joined) or FAIL_RE.match(joined):
                out += [m.group(2), joined]
                i += 2
                continue
        out.append(l)
        i += 1
    return out


def parse_results(lines):
    """[(ok, name, why)] from "ok NAME" / "FAIL NAME: why" lines."""
    out = []
    for l in rejoin_split_lines(lines):
        m = OK_RE.match(l)
        if m:
            out.append((True, m.group(1), ""))
            continue
        m = FAIL_RE.match(l)
        if m and m.group(1):
            out.append((False, m.group(1), m.group(2) or ""))
    return out


def evaluate(name, run, self_reporting=True, expect=(), post=()):
    """All results of one run (names not yet prefixed)."""
    res = parse_results(run.stdout_lines)
    named = {n for _, n, _ in res}
    has_fail = any(not ok for ok, _, _ in res)
    if self_reporting:
        if run.hard_failure:
            res.append((False, name, run.reason))
        elif run.rc != 0 and not has_fail:
            res.append((False, name, run.reason))
        elif not res:
            res.append((False, name, "printed no ok/FAIL result lines"))
    for e in expect if not run.hard_failure else ():
        if e not in named:
            res.append((False, e, "result line missing"))
    # runtests counts its tests' results from their pipes: fewer ok lines
    # here means one was lost on the way to the console (never silently).
    for l in run.stdout_lines:
        m = RUNTESTS_RE.match(l)
        passes = sum(1 for ok, _, _ in res if ok)
        if m and passes < int(m.group(1)):
            res.append((False, name, "runtests counted %s passes, %d ok lines arrived (a result "
                        "line was lost)" % (m.group(1), passes)))
    for check in post:
        res.extend(check(run))
    if not self_reporting and run.reason and not any(not ok for ok, _, _ in res):
        res.append((False, name, run.reason))
    if not res:
        res.append((False, name, "no results"))
    return res


def fmt(ok, name, why):
    return ("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why or "failed"))


class Harness:
    def __init__(self, suite, smps, jobs, logdir, only=None, out=sys.stdout):
        self.suite = suite
        self.smps = smps
        self.jobs = jobs
        self.logdir = logdir
        self.only = set(only) if only else None
        self.out = out
        self.lock = threading.Lock()
        self.results = []
        self.done = 0
        self.total = 0
        self.broken = {}   # smp -> why its remaining runs are not run

    def say(self, text):
        with self.lock:
            self.out.write(text + "\n")
            self.out.flush()

    def record(self, label, run, results, logbase):
        with self.lock:
            self.done += 1
            failed = [r for r in results if not r[0]]
            self.out.write("[%2d/%d] %s: %s, %.1fs, %d result(s)%s\n" % (
                self.done, self.total, label, "exit %d" % run.rc if run.rc is not None else "-",
                run.duration, len(results), ", %d failed" % len(failed) if failed else ""))
            for r in results:
                self.out.write("  " + fmt(*r) + "\n")
            if failed:
                tail = run.stdout_lines[-25:] + run.stderr_lines[-25:]
                if tail:
                    self.out.write("  --- last output of %s (full logs: %s.*) ---\n"
                                   % (label, logbase))
                    for l in tail:
                        self.out.write("  | " + l + "\n")
            self.out.flush()
            self.results.extend(results)

    def write_logs(self, base, run):
        try:
            os.makedirs(os.path.dirname(base), exist_ok=True)
            for ext, lines in (("out", run.stdout_lines), ("err", run.stderr_lines),
                               ("console", run.console_lines)):
                with open("%s.%s" % (base, ext), "w") as f:
                    f.write("".join(l + "\n" for l in lines))
        except OSError:
            pass

    # ---- host tests -----------------------------------------------------------
    def host_tests(self):
        d = os.path.join(ROOT, "tests", "host")
        if not os.path.isdir(d):
            return []
        return [os.path.join(d, f) for f in sorted(os.listdir(d))
                if os.path.isfile(os.path.join(d, f)) and os.access(os.path.join(d, f), os.X_OK)
                and (self.only is None or f in self.only)]

    def run_host(self, path):
        name = os.path.basename(path)
        t0 = time.monotonic()
        try:
            r = subprocess.run([path], cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
            rc, so, se = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:
            rc, so, se = 124, e.stdout or b"", (e.stderr or b"") + b"timeout after 300s\n"
        run = Run(rc, so.decode("utf-8", "replace").splitlines(),
                  se.decode("utf-8", "replace").splitlines(),
                  duration=time.monotonic() - t0, host=True)
        res = [(ok, "host/" + n, why) for ok, n, why in evaluate(name, run)]
        base = os.path.join(self.logdir, "host-" + name)
        self.write_logs(base, run)
        self.record("host/" + name, run, res, base)

    # ---- guest runs -----------------------------------------------------------
    def run_guest(self, test, smp):
        """Returns the Run (None if not run)."""
        label = "smp%d/%s" % (smp, test.name)
        if smp in self.broken:
            self.record(label, Run(None, []),
                        [(False, label, "not run: %s" % self.broken[smp])], "-")
            return None
        try:
            return self._run_guest(test, smp)
        except Exception as e:  # a harness bug must still show up as a failure
            self.record(label, Run(None, [], [repr(e)]),
                        [(False, label, "harness error: %r" % e)], "-")
            return None

    def _run_guest(self, test, smp):
        label = "smp%d/%s" % (smp, test.name)
        base = os.path.join(self.logdir, "smp%d-%s" % (smp, test.name))
        prefix = "smp%d/" % smp
        missing = [p for p in test.requires if not os.path.exists(os.path.join(ROOT, p))]
        if missing:
            run = Run(None, [], ["missing " + ", ".join(missing)])
            self.record(label, run, [(False, label, "missing %s (run make)" % ", ".join(missing))],
                        base)
            return None
        tmp = tempfile.mkdtemp(prefix="cleave-test-")
        try:
            console = os.path.join(tmp, "console.log")
            image = os.path.join(tmp, "disk.img") if test.keep_image else None
            argv = [RUN_GUEST, "--smp", str(smp), "--timeout", str(test.timeout),
                    "--log", console]
            for a in test.add:
                host, sep, guest = a.partition(":")
                argv += ["--add", os.path.join(ROOT, host) + sep + guest]
            if image:
                argv += ["--keep-image", image]
            if getattr(test, "initramfs", False):
                argv += ["--initramfs"]
            if getattr(test, "append", None):
                argv += ["--append", test.append]
            argv += ["--"] + test.cmd
            t0 = time.monotonic()
            try:
                r = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=test.timeout + 120)
                rc, so, se = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired as e:
                rc, so, se = 124, e.stdout or b"", (e.stderr or b"") + b"run-guest hung\n"
            lines = []
            if os.path.exists(console):
                with open(console, encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
            run = Run(rc, so.decode("utf-8", "replace").splitlines(),
                      se.decode("utf-8", "replace").splitlines(), lines, image,
                      duration=time.monotonic() - t0)
            res = evaluate(test.name, run, test.self_reporting, test.expect, test.post)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        res = [(ok, prefix + n, why) for ok, n, why in res]
        self.write_logs(base, run)
        self.record(label, run, res, base)
        return run

    def run(self, host=True):
        hosts = self.host_tests() if host else []
        hosts += [os.path.join(ROOT, "tests", "difftest", "difftest")] if host and (self.only is None or "difftest" in self.only) else []  # noqa: E501
        tests = [t for t in self.suite if self.only is None or t.name in self.only]
        runs = [(t, smp) for smp in self.smps for t in tests]
        self.total = len(hosts) + len(runs)
        self.say("cleave tests: %d host test(s), %d guest run(s) (smp %s), %d at a time"
                 % (len(hosts), len(runs), ",".join(map(str, self.smps)), self.jobs))
        t0 = time.monotonic()
        for h in hosts:
            self.run_host(h)
        # Gate runs (boot) first: if a configuration cannot even boot, its
        # other runs are reported as failed at once instead of each timing out.
        gates = [(t, smp) for t, smp in runs if t.gate]
        rest = [(t, smp) for t, smp in runs if not t.gate]
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as ex:
            futs = [(ex.submit(self.run_guest, t, smp), t, smp) for t, smp in gates]
            for f, t, smp in futs:
                run = f.result()
                if run is None or run.hard_failure:
                    self.broken[smp] = "smp%d/%s failed (%s)" % (
                        smp, t.name, run.reason if run else "not run")
            futs = [ex.submit(self.run_guest, t, smp) for t, smp in rest]
            for f in futs:
                f.result()
        passed = sum(1 for r in self.results if r[0])
        failed = len(self.results) - passed
        if failed:
            self.say("failures:")
            for r in self.results:
                if not r[0]:
                    self.say("  " + fmt(*r))
        self.say("(%.0fs; logs in %s)" % (time.monotonic() - t0, self.logdir))
        self.say("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 and passed > 0 else 1


def main():
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import suite
    smps = [int(x) for x in os.environ.get("SMPS", "").split()] or suite.SMP_CONFIGS
    jobs = int(os.environ.get("JOBS") or min(2, os.cpu_count() or 1))
    only = os.environ.get("TESTS", "").replace(",", " ").split() or None
    logdir = os.environ.get("TEST_LOGS") or os.path.join(ROOT, "build", "test-logs")
    h = Harness(suite.SUITE, smps, max(1, jobs), logdir, only)
    return h.run(host=not os.environ.get("SKIP_HOST"))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
