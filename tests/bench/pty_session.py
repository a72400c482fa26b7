#!/usr/bin/env python3
"""pty_session.py -- play a routine the way a patient does, for session.sh.

    pty_session.py ROUTINEC ROUTINE TIMING_LOG [probe]

Runs `routinec run ROUTINE` at real speed on the full screen (an 80x24
pty, TERM=xterm, the history on), presses Enter through the intro, answers
every wait, and prints one line "CPU_NS PEAK_RSS_KB STATUS PEAK_PRIVATE_KB" from
the child's rusage (CPU) and /proc (its peak resident set, VmHWM, and the
most of it that was private, not pages other processes map too).  With `probe`, instead measures key to screen: presses
space and times until "PAUSED" appears, space again until it is gone,
and prints "N MEDIAN_MS MAX_MS" (N presses answered).
"""
import os, pty, select, sys, time

rc, routine, timing = sys.argv[1], sys.argv[2], sys.argv[3]
probe = len(sys.argv) > 4 and sys.argv[4] == "probe"

pid, fd = pty.fork()
if pid == 0:
    os.environ.update(TERM="xterm", LINES="24", COLUMNS="80")
    os.execv(rc, [rc, "run", "--timing-log", timing, routine])

screen = b""
peak_kb = 0
peak_private_kb = 0
exe = os.path.realpath(rc)

def sample_peak():
    """The child's peak resident set so far (VmHWM, which exec resets; the
    rusage figure would count the forked Python too), and the most of it
    that was its own (private) rather than pages other processes map too
    (shared libraries, locale data).  Only
    once the child is routinec: before its exec it is a copy of Python."""
    global peak_kb, peak_private_kb
    try:
        if os.path.realpath("/proc/%d/exe" % pid) != exe:
            return
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        private = 0
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
        peak_private_kb = max(peak_private_kb, private)
    except OSError:
        pass

def pump(limit):
    """Read what the child writes for up to `limit` s; False at its end."""
    global screen
    sample_peak()
    r, _, _ = select.select([fd], [], [], limit)
    if not r:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    screen = (screen + chunk)[-200000:]
    return True

def wait_for(word, limit=10.0):
    global screen
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if word in screen:
            screen = screen[screen.index(word) + len(word):]
            return True
        if not pump(0.02):
            return False
    return False

if not wait_for(b"Press Enter to start"):
    print("0 0 99" if not probe else "0 0 0")
    sys.exit(0)
os.write(fd, b"\r")

if probe:
    wait_for(b"Hold", 15.0)
    lat = []
    for i in range(20):
        t0 = time.monotonic()
        os.write(fd, b" ")
        if i % 2 == 0:
            ok = wait_for(b"PAUSED", 5.0)
        else:
            ok = wait_for(b"Hold", 5.0)
        if ok:
            lat.append((time.monotonic() - t0) * 1000)
        time.sleep(0.05)
    os.write(fd, b"q")
    while pump(0.5):
        pass
    os.waitpid(pid, 0)
    lat.sort()
    print("%d %.3f %.3f" % (len(lat), lat[len(lat) // 2] if lat else 0, lat[-1] if lat else 0))
    sys.exit(0)

# A patient who presses Enter whenever the session waits for it; the
# question at the end is skipped with Enter too.
while pump(0.2):
    if b"press Enter" in screen or b"How did it feel" in screen:
        screen = b""
        os.write(fd, b"\r")
_, status, usage = os.wait4(pid, 0)
code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
cpu = int((usage.ru_utime + usage.ru_stime) * 1e9)
print("%d %d %d %d" % (cpu, peak_kb, code, peak_private_kb))
