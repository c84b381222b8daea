"""Shared by the board host checks: boot OpenSBI + U-Boot (S-mode, Debian's
u-boot-qemu) on QEMU virt, talk to its console, and watch cleave come up.

Limits count console progress, not wall time alone: a boot step must show
new output within STALL seconds (a loaded host slows a boot down, it does
not make it silent for that long)."""
import os
import re
import select
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
STALL = 120


class Console:
    def __init__(self, argv):
        self.q = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.out = b""

    def send(self, text):
        self.q.stdin.write(text.encode())
        self.q.stdin.flush()

    def wait_for(self, pattern, after=0):
        """Read until pattern (bytes regex) matches the output from offset
        after; None if QEMU ends or the console stays silent for STALL s."""
        rx = re.compile(pattern)
        last = time.monotonic()
        while True:
            m = rx.search(self.out, after)
            if m:
                return m
            if self.q.poll() is not None or time.monotonic() - last > STALL:
                return None
            r, _, _ = select.select([self.q.stdout], [], [], 0.5)
            if r:
                chunk = os.read(self.q.stdout.fileno(), 4096)
                if not chunk:
                    return None
                self.out += chunk
                last = time.monotonic()

    def text(self):
        return self.out.decode("utf-8", "replace")

    def close(self):
        self.q.kill()
        self.q.wait()


def qemu(extra, smp=2, mem="512M"):
    return ["qemu-system-riscv64", "-M", "virt", "-bios", "default", "-m", mem,
            "-smp", str(smp), "-nographic", "-kernel", UBOOT] + extra


def shell_runs(con, name):
    """cleave's shell prompt, then a command typed on the console."""
    if not con.wait_for(rb"cleave: starting sh[\s\S]*\$ $"):
        return "no shell prompt: " + " | ".join(con.text().splitlines()[-5:])
    start = len(con.out)
    # two commands: their output lines, one after the other, are not the
    # console's echo of what was typed
    con.send("echo %s-typed; echo ran\n" % name)
    if not con.wait_for(rb"\n%s-typed\r?\nran\r?\n" % name.encode(), start):
        return "the command typed on the console did not run: " + \
            " | ".join(con.text().splitlines()[-5:])
    return None
