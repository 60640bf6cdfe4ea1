#!/usr/bin/env python3
"""PyTorch side of `bench/compare-kernels`: the same kernels and sizes as Locus's KernelBench.

Prints one JSON line per kernel, size and thread count, with the same keys as
`dev.locus.runtime.bench.KernelBench --json`, so that the two can be joined.
Timing: warm-up, then the median of several timed repetitions, as KernelBench does.
Run it with Debian's PyTorch on OpenBLAS (OpenMP build):
  OMP_NUM_THREADS=2 LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
      /usr/bin/python3 bench/torch_kernels.py --threads 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

SGEMM_SIZES = [(64, 1000, 784), (128, 1024, 1024), (1024, 1024, 1024)]
# FashionConv's two convolutions at batch 64: (name, batch, c_in, c_out, kernel, pad, height, width)
CONVS = [("conv1", 64, 1, 32, 5, 2, 28, 28), ("conv2", 64, 32, 64, 5, 2, 14, 14)]


def median_seconds(fn, reps, min_seconds):
    fn()
    fn()
    start = time.perf_counter()
    while time.perf_counter() - start < min_seconds:  # warm-up for a fixed time, not a count
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def emit(record):
    print(json.dumps(record), flush=True)


def bench_sgemm(threads, reps, warm):
    for m, n, k in SGEMM_SIZES:
        a = torch.randn(m, k)
        b = torch.randn(k, n)
        c = torch.empty(m, n)
        s = median_seconds(lambda: torch.mm(a, b, out=c), reps, warm)
        emit(dict(peer="pytorch", kernel="sgemm", m=m, n=n, k=k, threads=threads,
                  seconds=s, gflops=2.0 * m * n * k / s / 1e9))


def bench_conv(threads, reps, warm):
    aten_bwd = torch.ops.aten.convolution_backward
    for name, batch, cin, cout, kk, pad, h, w in CONVS:
        x = torch.randn(batch, cin, h, w)
        wt = torch.randn(cout, cin, kk, kk) * 0.1
        bias = torch.randn(cout)
        oh, ow = h + 2 * pad - kk + 1, w + 2 * pad - kk + 1
        gy = torch.randn(batch, cout, oh, ow)
        flops = 2.0 * batch * cout * cin * kk * kk * oh * ow  # one pass; each backward costs the same
        common = dict(peer="pytorch", kernel="conv2d", layer=name, batch=batch, c_in=cin, c_out=cout,
                      kernel_size=kk, pad=pad, stride=1, h=h, w=w, threads=threads)

        def fwd():
            with torch.no_grad():
                F.conv2d(x, wt, bias, padding=pad)

        def bwd(mask):
            with torch.no_grad():
                aten_bwd(gy, x, wt, [cout], [1, 1], [pad, pad], [1, 1], False, [0, 0], 1, mask)

        xa = x.clone().requires_grad_(True)
        wa = wt.clone().requires_grad_(True)
        ba = bias.clone().requires_grad_(True)

        def autograd_total():
            y = F.conv2d(xa, wa, ba, padding=pad)
            y.backward(gy)
            xa.grad = None
            wa.grad = None
            ba.grad = None

        parts = {
            "forward": (fwd, flops),
            "backward_data": (lambda: bwd([True, False, False]), flops),
            "backward_weights": (lambda: bwd([False, True, True]), flops),
        }
        for phase, (fn, f) in parts.items():
            s = median_seconds(fn, reps, warm)
            emit(dict(common, phase=phase, seconds=s, gflops=f / s / 1e9))
        # The total is timed as a training step does it: forward, then both backward passes.
        # The faster of autograd and the explicit aten calls is reported, to be fair to PyTorch.
        s1 = median_seconds(autograd_total, reps, warm)
        s2 = median_seconds(lambda: (fwd(), bwd([True, True, True])), reps, warm)
        s = min(s1, s2)
        emit(dict(common, phase="total", seconds=s, gflops=3 * flops / s / 1e9))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=["sgemm", "conv", "all"], default="all")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    reps, warm = (3, 0.05) if a.quick else (15, 1.0)
    if a.only in ("sgemm", "all"):
        bench_sgemm(a.threads, reps, warm)
    if a.only in ("conv", "all"):
        bench_conv(a.threads, reps, warm)


if __name__ == "__main__":
    main()
