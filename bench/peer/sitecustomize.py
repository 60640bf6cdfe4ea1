# Loaded by Python at start-up when bench/paper-table runs the PyTorch reference (PYTHONPATH=bench/peer).
# Flushes subnormal floats to zero on the CPU, the fastest setting PyTorch has: under feedback
# alignment a dead unit's Adam moments decay into subnormals, where the processor's arithmetic takes a
# slow path, and a FashionMLP run on one thread fell to 470 images/s by its
# 8th epoch, where the same run with subnormals flushed holds 5,500 to 5,800 throughout. Locus keeps no subnormal
# optimizer state (docs/LANGUAGE.md, optimizers); the peer is compared at its best, not slowed.
# Only values below 1.2e-38 are affected: nothing the accuracy can see.
import torch

if not torch.set_flush_denormal(True):
    import sys
    print("paper-table: this CPU cannot flush subnormals; the peer runs without it", file=sys.stderr)
