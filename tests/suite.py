"""The cleave test suite: one entry per guest run (run on every -smp config).

Fields of Test:
  name       run name; a failure of the run itself is reported under it
  cmd        guest argv (written to /etc/runcmd)
  add        extra files: "HOST[:GUEST]" as for scripts/run-guest --add
             (HOST relative to the repo root)
  timeout    seconds for the whole boot + run
  self_reporting
             True: the guest program prints "ok NAME" / "FAIL NAME: why" lines
             and printing none is a failure. False: the harness decides via
             `post` checks alone.
  expect     result names that must appear (missing one -> FAIL NAME: missing)
  keep_image pass --keep-image so post checks can look at the final disk
  post       list of check functions f(run) -> list of (ok, name, why);
             `run` has .rc .stdout_lines .console_lines .image .reason
  requires   host files (repo-relative) that must exist; missing -> FAIL
  gate       run first; if it times out / panics / never reports, the other
             runs of that -smp configuration are failed without booting
  initramfs  boot with no disk: the tree is the initramfs (run-guest
             --initramfs)
  append     extra kernel command line (run-guest --append)
"""

import os
import re
import subprocess


class Test:
    def __init__(self, name, cmd, add=(), timeout=120, self_reporting=True,
                 expect=(), keep_image=False, post=(), requires=(), gate=False,
                 initramfs=False, append=None):
        self.name = name
        self.cmd = list(cmd)
        self.add = list(add)
        self.timeout = timeout
        self.self_reporting = self_reporting
        self.expect = list(expect)
        self.keep_image = keep_image
        self.post = list(post)
        self.requires = list(requires)
        self.gate = gate
        self.initramfs = initramfs
        self.append = append


ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


# ---- post checks ------------------------------------------------------------

def expect_output(text, result):
    """Harness-decided result: the run exits 0 and its output contains `text`."""
    def check(run):
        if run.reason:
            return [(False, result, run.reason)]
        if not any(text in l for l in run.stdout_lines):
            return [(False, result, "output lacks %r" % text)]
        return [(True, result, "")]
    return check


def fsck_image(result):
    """Host fsck (build/mkfs/fsck) must accept the disk as the guest left it."""
    def check(run):
        if run.hard_failure:
            return [(False, result, "not checked: guest run did not finish (%s)" % run.reason)]
        if not run.image or not os.path.exists(run.image):
            return [(False, result, "no image kept")]
        fsck = os.path.join(ROOT, "build", "mkfs", "fsck")
        if not os.access(fsck, os.X_OK):
            return [(False, result, "%s missing" % fsck)]
        r = subprocess.run([fsck, run.image], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            out = r.stdout.decode("utf-8", "replace").strip().splitlines()
            return [(False, result, "fsck exit %d: %s" % (r.returncode, " | ".join(out[-5:])))]
        return [(True, result, "")]
    return check


def console_has(pattern, result, what):
    """The full console log (boot log included) has a line matching pattern."""
    rx = re.compile(pattern, re.I)
    def check(run):
        if any(rx.search(l) for l in run.console_lines):
            return [(True, result, "")]
        return [(False, result, "console has no line with %s" % what)]
    return check


# ---- the suite --------------------------------------------------------------

SUITE = [
    Test("boot", ["/bin/echo", "hello-cleave"], timeout=90, self_reporting=False, gate=True,
         post=[expect_output("hello-cleave", "boot")]),
    # the script shipped in the image (user/rootfs/tests/) wins over ours
    Test("sh-basic", ["/bin/sh", "/tests/sh-basic.sh"],
         add=[] if os.path.exists(os.path.join(ROOT, "user/rootfs/tests/sh-basic.sh"))
         else ["tests/guest/sh-basic.sh:/tests/sh-basic.sh"],
         expect=["sh-basic"]),
    # the shell language, builtins and jobs (user/rootfs/tests/sh-lang.sh)
    Test("sh-lang", ["/bin/sh", "/tests/sh-lang.sh", "one", "two words", "three"],
         expect=["sh-args-at", "sh-glob-star", "sh-func-args", "sh-jobs-stopped"]),
    # the utilities in /bin and their options (user/rootfs/tests/sh-utils.sh)
    Test("sh-utils", ["/bin/sh", "/tests/sh-utils.sh"],
         expect=["util-wc-c", "util-ls-la", "util-grep-i", "util-cp-r", "util-kill-stop"]),
    Test("forkexec", ["/bin/forkexec"]),
    Test("fstest", ["/bin/fstest"], timeout=300, keep_image=True,
         post=[fsck_image("fsck-after-fstest")]),
    Test("exectest", ["/bin/exectest"]),
    Test("vfstest", ["/bin/vfstest"], keep_image=True,
         post=[fsck_image("fsck-after-vfstest")]),
    Test("efault", ["/bin/efault"]),
    Test("ufault", ["/bin/ufault"],
         post=[console_has(r"sepc", "ufault-kernel-msg",
                           "'sepc' (kernel report of the killed process)")]),
    Test("glibc-hello", ["/bin/hello"], self_reporting=False,
         add=["build/glibc/hello:/bin/hello"], requires=["build/glibc/hello"],
         post=[expect_output("hello from glibc", "glibc-hello")]),
    Test("memleak", ["/bin/memleak"], timeout=180),
    Test("sigtest", ["/bin/sigtest"]),
    Test("sigext", ["/bin/sigext"], timeout=180),
    Test("siginit", ["/bin/siginit"], timeout=120),
    Test("sigtimer", ["/bin/sigtimer"], timeout=180),
    Test("pidfd", ["/bin/pidfd"], timeout=180),
    Test("sigframe", ["/bin/sigframe"], timeout=120),
    Test("polltest", ["/bin/polltest"]),
    Test("epolltest", ["/bin/epolltest"]),
    Test("sysmisc", ["/bin/sysmisc"]),
    Test("klogtest", ["/bin/klogtest"]),
    Test("ttyjob", ["/bin/ttyjob"]),
    Test("sendfiletest", ["/bin/sendfiletest"]),
    Test("madvtest", ["/bin/madvtest"]),
    Test("execattest", ["/bin/execattest"]),
    Test("mremaptest", ["/bin/mremaptest"]),
    Test("rtsigtest", ["/bin/rtsigtest"]),
    Test("cputime", ["/bin/cputime"], timeout=180),
    Test("shmtest", ["/bin/shmtest"]),
    Test("coredump", ["/bin/coredump"]),
    Test("corepattern", ["/bin/corepattern"]),
    Test("pipepkt", ["/bin/pipepkt"]),
]

SMP_CONFIGS = [1, 4]


# ---- clone / fork / threads (guest programs in user/tests/) ------------------

CLONE_TESTS = ["orphan", "futextest", "mutants", "clonevm", "clonefiles", "clonefs", "clonesighand", "clonethread",
               "cloneparent", "clonetid", "clonebad", "cow", "vfork", "exitgroup",
               "failnth", "nproc", "forkbomb", "cowtlb", "ptshare", "ptfail", "mmapfile", "regress", "pthreadtest", "fputest"]
SLOW = {"failnth": 600, "ptfail": 600, "clonethread": 300, "nproc": 300, "forkbomb": 300}
POST = {"forkbomb": [console_has(r"^oom: killed pid \d+ \(forkbomb\) rss \d+ kB$", "oom-console-line",
                                 "'oom: killed pid N (forkbomb) rss K kB'")]}
SUITE += [Test(t, ["/bin/" + t], timeout=SLOW.get(t, 180), post=POST.get(t, ()))
          for t in CLONE_TESTS]

# ASID rollovers: with 4 ASID bits (16 ASIDs) a new generation starts
# every few forks; the fork/COW/TLB tests must not notice.
SUITE.append(Test("asid-rollover", ["/bin/runtests", "-p", "asid4", "cow", "cowtlb", "ptshare",
                                    "forkexec", "pthreadtest",
                                    "torture -t 2 forkstorm cow cowthreads threadstorm vforkexec"],
                  append="asid_bits=4", timeout=600,
                  post=[console_has(r"^mmu: 4 ASID bits$", "asid-rollover-bits",
                                    "'mmu: 4 ASID bits' (the asid_bits=4 command line)")]))

# the short torture pass: every scenario of user/torture/ for 2 s each
SUITE.append(Test("torture", ["/bin/torture", "-t", "2", "all"], timeout=600))

# A short syscall-fuzzer campaign (make fuzz runs a long one): hostile
# arguments and fault injection, no panic, every child killable, memory
# back at the end.
SUITE.append(Test("fuzz", ["/bin/fuzz", "-s", "1", "-t", "20"], timeout=600,
                  expect=["fuzz-calls", "fuzz-killable", "fuzz-memory"]))

# No disk at all: the same tests in one boot whose root is the initramfs
# (ramfs), results named initramfs/NAME. Left out: what needs the disk
# image afterwards (fsck post checks) or console checks of its own (ufault).
INITRAMFS_TESTS = (["forkexec", "fstest", "vfstest", "efault", "memleak", "sigtest",
                    "polltest", "epolltest", "sysmisc", "ttyjob", "sendfiletest", "madvtest", "execattest", "mremaptest",
                    "rtsigtest", "shmtest", "coredump", "corepattern", "pipepkt"] + CLONE_TESTS +
                   ["torture -t 2 all"])
SUITE.append(Test("initramfs", ["/bin/runtests", "-p", "initramfs"] + INITRAMFS_TESTS,
                  initramfs=True, timeout=1800,
                  expect=["initramfs/vfs-proc-mounts-statfs", "initramfs/fs-manyfiles"],
                  post=[console_has(r"vfs: root is initramfs", "initramfs-root",
                                    "'vfs: root is initramfs' (no disk, the initramfs as root)")]))


# ---- static glibc programs: same output on cleave as natively on the host -----

GLIBC_DIFF = ["gfork", "gvfork", "gspawn", "gpthread", "gclone", "gsignal"]


def glibc_diff(name):
    """Builds tests/glibc/NAME.c natively (build/glibc-native/NAME), runs it on
    the host and compares its stdout with the guest's, line by line."""
    result = "glibc-diff-" + name

    def check(run):
        if run.hard_failure:
            return [(False, result, "guest run did not finish (%s)" % run.reason)]
        src = os.path.join(ROOT, "tests", "glibc", name + ".c")
        exe = os.path.join(ROOT, "build", "glibc-native", name)
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        cc = os.environ.get("HOSTCC", "cc")
        r = subprocess.run([cc, "-O2", "-o", exe, src, "-lpthread"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return [(False, result, "native build failed: %s"
                     % r.stdout.decode("utf-8", "replace").strip().splitlines()[-1:])]
        try:
            r = subprocess.run([exe], cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=60)
        except subprocess.TimeoutExpired:
            return [(False, result, "native run timed out")]
        want = r.stdout.decode("utf-8", "replace").splitlines()
        got = run.stdout_lines
        for i in range(max(len(want), len(got))):
            w = want[i] if i < len(want) else "<end of output>"
            g = got[i] if i < len(got) else "<end of output>"
            if w != g:
                return [(False, result, "line %d: cleave %r, native %r" % (i + 1, g, w))]
        if r.returncode != run.rc:
            return [(False, result, "exit %s on cleave, %d natively" % (run.rc, r.returncode))]
        return [(True, result, "")]
    return check


# A dynamically linked program: exec loads ld.so (PT_INTERP), which loads
# libc.so.6 from the image's /lib; then dlopen of a plug-in.
SUITE.append(Test("glibc-dynamic", ["/bin/dynhello"],
                  add=["build/glibc-dyn/dynhello:/bin/dynhello",
                       "build/glibc-dyn/libplug.so:/lib/libplug.so"],
                  requires=["build/glibc-dyn/dynhello", "build/glibc-dyn/libplug.so"],
                  expect=["dyn-at-base", "dyn-dlopen", "dyn-dlsym", "dyn-libm"]))

SUITE += [Test("glibc-" + g, ["/bin/" + g], self_reporting=False,
               add=["build/glibc/%s:/bin/%s" % (g, g)], requires=["build/glibc/" + g],
               post=[glibc_diff(g)])
          for g in GLIBC_DIFF]
