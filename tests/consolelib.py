"""Type at a terminal and watch what it prints, for the interactive host
tests: cleave's serial console (the built image booted to init's shell,
no /etc/runcmd) or, for comparisons, a pseudo-terminal on the host.

Waits are for output, not for time: wait() returns as soon as a pattern
shows up and gives up only when the terminal has been silent for STALL
seconds (a loaded host slows a run down; it does not silence it for
minutes) or after LIMIT seconds in all (a runaway that keeps printing)."""
import os
import pty
import re
import select
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
STALL = 120
LIMIT = 600


class Terminal:
    """Output collected from fd, input written to it byte by byte."""

    def __init__(self, rfd, wfd):
        self.rfd, self.wfd = rfd, wfd
        self.out = b""

    def keys(self, data):
        """Types data one byte at a time."""
        if isinstance(data, str):
            data = data.encode("latin-1")
        for i in range(len(data)):
            os.write(self.wfd, data[i:i + 1])

    def pump(self, seconds):
        """Reads what arrives within seconds; False if the other end is gone."""
        r, _, _ = select.select([self.rfd], [], [], seconds)
        if not r:
            return True
        try:
            chunk = os.read(self.rfd, 4096)
        except OSError:
            return False
        self.out += chunk
        return bool(chunk)

    def wait(self, pattern, start=0, quiet=STALL):
        """The first match of pattern (bytes regex) in the output from
        offset start, or None after quiet seconds without output."""
        rx = re.compile(pattern)
        t0 = last = time.monotonic()
        seen = len(self.out)
        while True:
            m = rx.search(self.out, start)
            if m:
                return m
            now = time.monotonic()
            if now - last > quiet or now - t0 > LIMIT:
                return None
            if not self.pump(0.2):
                return rx.search(self.out, start)
            if len(self.out) != seen:
                seen, last = len(self.out), time.monotonic()

    def text(self, start=0):
        return self.out[start:].decode("utf-8", "replace")

    def tail(self, start=0, lines=6):
        """The last lines of output from start, for a failure message."""
        t = self.text(start).replace("\r", "")
        return " | ".join(t.splitlines()[-lines:])


class Guest(Terminal):
    """cleave on QEMU virt with its serial console on a pipe. The console
    is the UART alone (no QEMU monitor multiplexed in), so every byte,
    Ctrl-A included, reaches the guest. The disk is opened snapshot=on:
    the image is left as it was."""

    def __init__(self, smp, mem="256M"):
        argv = ["qemu-system-riscv64", "-M", "virt", "-bios", "default", "-m", mem,
                "-smp", str(smp), "-display", "none", "-monitor", "none", "-serial", "stdio",
                "-kernel", os.path.join(ROOT, "build", "Image"),
                "-drive", "file=%s,if=none,format=raw,id=x0,snapshot=on"
                % os.path.join(ROOT, "build", "fs.img"),
                "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
                "-global", "virtio-mmio.force-legacy=false"]
        self.q = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        Terminal.__init__(self, self.q.stdout.fileno(), self.q.stdin.fileno())

    def close(self):
        self.q.kill()
        self.q.wait()


class HostPty(Terminal):
    """A program on a pseudo-terminal of the host's, in a session of its
    own with the terminal as its controlling terminal (as a login shell
    has it)."""

    def __init__(self, argv, env, cwd="/"):
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        self.pid = pid
        Terminal.__init__(self, fd, fd)

    def close(self):
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.rfd)
