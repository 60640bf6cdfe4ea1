#!/usr/bin/env python3
"""The table of bench/paper-table: reads OUT/runs/SIDE-NETWORK-RULE-seedS[-eE][-nN].jsonl (per-epoch
JSON lines of `locus train --json` or of the PyTorch reference) and writes OUT/summary.jsonl (one
line per network, rule, trial and side) and OUT/table.md (the Markdown table), then prints the table.

Per cell: the test error after the last epoch, as the mean over the seeds run and its spread (lowest
and highest), the epochs, the training wall time of one run (mean over seeds, the sum of its epochs'
train_seconds, evaluation excluded) and images/s (mean over epochs and seeds). Speed is only comparable
between runs on the same number of threads: each run's lines say how many (`threads`), and a cell's
wall time and images/s come from its runs on the thread count most of them used (runs that do not say
count only where no run of the cell does). A second table sets every rule's Locus test error beside
Locus's backprop on the same network."""
import json
import os
import platform
import re
import statistics
import sys

NAME = re.compile(r"^(locus|pytorch)-(mlp|conv)-([a-z0-9_]+)-seed(\d+)((?:-e\d+)?(?:-n\d+)?)\.jsonl$")
RULES = ["local_error", "local_error_sc", "feedback_alignment", "backprop"]
NETWORKS = {"mlp": "FashionMLP", "conv": "FashionConv"}


def runs(folder):
    for name in sorted(os.listdir(folder)):
        m = NAME.match(name)
        if not m:
            continue
        with open(os.path.join(folder, name)) as f:
            epochs = [json.loads(line) for line in f if line.strip()]
        if not epochs:
            continue
        side, net, rule, seed, trial = m.groups()
        yield dict(side=side, network=net, rule=rule, seed=int(seed), trial=trial, epochs=epochs)


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def summarise(group):
    final = [r["epochs"][-1]["test_accuracy"] for r in group]
    errors = [100.0 * (1.0 - a) for a in final]
    timed = timed_runs(group)
    wall = [sum(e["train_seconds"] for e in r["epochs"]) for r in timed]
    speed = [e["images_per_second"] for r in timed for e in r["epochs"]]
    return dict(seeds=sorted(r["seed"] for r in group), epochs=len(group[0]["epochs"]),
                test_error_mean=round(statistics.mean(errors), 2),
                test_error_min=round(min(errors), 2), test_error_max=round(max(errors), 2),
                test_error_std=round(statistics.stdev(errors), 2) if len(errors) > 1 else None,
                threads=timed[0]["epochs"][0].get("threads"), timed_seeds=sorted(r["seed"] for r in timed),
                wall_seconds_mean=round(statistics.mean(wall), 1),
                images_per_second_mean=round(statistics.mean(speed), 0),
                per_epoch_accuracy_mean=[round(statistics.mean(r["epochs"][i]["test_accuracy"] for r in group), 4)
                                         for i in range(min(len(r["epochs"]) for r in group))])


def timed_runs(group):
    """The runs whose speed the cell shows: those on the thread count most runs of the cell used (the
    fewer threads on a tie); runs that do not say their thread count only if none does."""
    counts = {}
    for r in group:
        t = r["epochs"][0].get("threads")
        if t is not None:
            counts[t] = counts.get(t, 0) + 1
    if not counts:
        return group
    threads = min(counts, key=lambda t: (-counts[t], t))
    return [r for r in group if r["epochs"][0].get("threads") == threads]


def error(s):
    spread = f"{s['test_error_min']:.2f}–{s['test_error_max']:.2f}" if len(s["seeds"]) > 1 else "one seed"
    return f"**{s['test_error_mean']:.2f}** ({spread}, n={len(s['seeds'])})"


def cell(s):
    if s is None:
        return "—", "—", "—", "—"
    on = f"{s['threads']} thread{'s' if s['threads'] != 1 else ''}" if s["threads"] else "threads not recorded"
    return (error(s), str(s["epochs"]), f"{s['wall_seconds_mean']:.0f} s ({on})", f"{s['images_per_second_mean']:,.0f}")


def main(out):
    folder = os.path.join(out, "runs")
    groups = {}
    for r in runs(folder):
        groups.setdefault((r["network"], r["rule"], r["trial"], r["side"]), []).append(r)
    summaries = {}
    lines = []
    for (net, rule, trial, side), group in groups.items():
        s = summarise(group)
        summaries[(net, rule, trial, side)] = s
        lines.append(dict(network=NETWORKS[net], rule=rule, trial=trial or "full", side=side, **s))
    order = lambda k: (list(NETWORKS).index(k[0]), RULES.index(k[1]) if k[1] in RULES else len(RULES), k[1], k[2])
    keys = sorted({(n, r, t) for (n, r, t, _) in summaries}, key=order)
    with open(os.path.join(out, "summary.jsonl.tmp"), "w") as f:
        for line in sorted(lines, key=lambda l: (order((next(k for k, v in NETWORKS.items() if v == l["network"]),
                                                        l["rule"], "" if l["trial"] == "full" else l["trial"])),
                                                 l["side"])):
            f.write(json.dumps(line) + "\n")
    os.replace(os.path.join(out, "summary.jsonl.tmp"), os.path.join(out, "summary.jsonl"))
    torch = next((r["epochs"][0].get("torch") for g in groups.values() for r in g if r["side"] == "pytorch"), None)
    md = [f"Machine: {cpu()}, {os.cpu_count()} cores; Locus on the JVM backend"
          + (f"; PyTorch {torch} on OpenBLAS" if torch else "") + ".",
          "Test error in % after the last epoch: mean over seeds (lowest–highest, number of seeds); "
          "wall time: training of one run, evaluation excluded; images/s: mean over epochs.",
          "",
          "| network | rule | trial | Locus test error % | epochs | wall | images/s "
          "| PyTorch test error % | epochs | wall | images/s | Locus − PyTorch (points of accuracy) |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for net, rule, trial in keys:
        lo = summaries.get((net, rule, trial, "locus"))
        py = summaries.get((net, rule, trial, "pytorch"))
        diff = f"{py['test_error_mean'] - lo['test_error_mean']:+.2f}" if lo and py else "—"
        md.append(f"| {NETWORKS[net]} | {rule} | {trial.lstrip('-') or 'full'} | " + " | ".join(cell(lo)) + " | "
                  + " | ".join(cell(py)) + f" | {diff} |")
    md += ["", "Each rule against backprop, both trained by Locus on the same network and epochs: test error in %, "
           "and the difference in points (negative: fewer errors than backprop).", "",
           "| network | rule | trial | Locus test error % | − backprop |", "|---|---|---|---|---|"]
    for net, rule, trial in keys:
        lo = summaries.get((net, rule, trial, "locus"))
        bp = summaries.get((net, "backprop", trial, "locus"))
        if lo is None or rule == "backprop":
            continue
        gap = f"{lo['test_error_mean'] - bp['test_error_mean']:+.2f}" if bp else "—"
        md.append(f"| {NETWORKS[net]} | {rule} | {trial.lstrip('-') or 'full'} | {error(lo)} | {gap} |")
    text = "\n".join(md) + "\n"
    with open(os.path.join(out, "table.md.tmp"), "w") as f:
        f.write(text)
    os.replace(os.path.join(out, "table.md.tmp"), os.path.join(out, "table.md"))
    sys.stdout.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: paper_table.py OUT (the folder bench/paper-table writes)")
    main(sys.argv[1])
