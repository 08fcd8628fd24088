"""Whole-process timing for scripts/bench.

Commands of one comparison run in turn (A B A B ..., the order rotated each round), each run
measured from the outside: wall time, and peak memory from the kernel's own accounting (wait4).
Ratios are taken round by round and their median quoted, so a comparison holds while the shared
machine's speed drifts."""
import os
import statistics
import subprocess
import time


def run_once(cmd, out_path, env=None):
    """Runs cmd with stdout into out_path; returns (wall seconds, peak RSS KiB)."""
    with open(out_path, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    p.returncode = code
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {code}: {err.decode(errors='replace').strip()[:800]}")
    return wall, usage.ru_maxrss


def interleave(cmds, runs, out_dir, tag, warmup=1):
    """cmds: {name: argv}; the first is the subject. Returns {name: {"median": s, "times": [...],
    "out": path}} and, per other name, "ratio" = median over rounds of other/subject."""
    os.makedirs(out_dir, exist_ok=True)
    names = list(cmds)
    outs = {n: os.path.join(out_dir, f"{tag}.{n}.out") for n in names}
    for _ in range(warmup):
        for n in names:
            run_once(cmds[n], outs[n])
    times = {n: [] for n in names}
    for r in range(runs):
        order = names[r % len(names):] + names[: r % len(names)]
        for n in order:
            times[n].append(run_once(cmds[n], outs[n])[0])
    subject = names[0]
    res = {n: {"median": statistics.median(times[n]), "times": times[n], "out": outs[n]} for n in names}
    for n in names[1:]:
        ratios = [b / a for a, b in zip(times[subject], times[n])]
        res[n]["ratio"] = statistics.median(ratios)
        res[n]["ratio_range"] = (min(ratios), max(ratios))
    return res
