#!/usr/bin/env python3
"""An independent numpy implementation of `local_error` on one first layer (docs/LOCAL-ERRORS.md).

It shares no code with Locus: it re-derives the forward pass, the gradient of the layer's local
loss cross_entropy(flatten(out) @ B, label) and Adam, so that what Locus reports for a first
convolution layer's fixed random classifier can be checked against a second implementation.
The layer is conv2d(CH, kernel: 5, pad: 2) -> relu -> maxpool(2) (--layer conv), the same without
activation or pooling (--layer linear-conv), or flatten -> dense(CH) -> relu (--layer dense); B is
uniform in +-scale/sqrt(features), fixed unless --learn-classifier. Weights are He-uniform, biases
zero, images standardized as docs/DATA.md says. Random draws are numpy's, not Locus's, so the
figures match Locus's in kind, not digit for digit.

Per epoch it prints the layer's mean local loss and local accuracy over the training steps (as
`locus train` reports them), the accuracy of its classifier on the test images, and how many
training images the classifier assigned to each class.
Usage: bench/local_error_conv.py [--layer conv|linear-conv|dense] [--channels 8] [--limit 1000]
                                 [--epochs 5] [--seed 1] [--scale 1.0] [--learn-classifier]
Needs: python3-numpy.
"""
import argparse
import gzip
import os

import numpy as np

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime", "src", "main", "resources",
                      "dev", "locus", "runtime", "data", "fashion-mnist-sample")
K, PAD, SIDE, CLASSES, BATCH, LR = 5, 2, 28, 10, 32, 1e-3


def idx(name, header):
    with gzip.open(os.path.join(SAMPLE, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def patches(x):
    """[n, 784, 25]: the 5 x 5 window around every pixel of zero-padded one-channel images."""
    xp = np.pad(x, ((0, 0), (PAD, PAD), (PAD, PAD)))
    return np.lib.stride_tricks.sliding_window_view(xp, (K, K), axis=(1, 2)).reshape(len(x), SIDE * SIDE, K * K)


class Adam:
    def __init__(self, shape):
        self.m, self.v, self.t = np.zeros(shape), np.zeros(shape), 0

    def step(self, p, g):
        self.t += 1
        self.m = 0.9 * self.m + 0.1 * g
        self.v = 0.999 * self.v + 0.001 * g * g
        p -= LR * (self.m / (1 - 0.9 ** self.t)) / (np.sqrt(self.v / (1 - 0.999 ** self.t)) + 1e-8)


class Layer:
    def __init__(self, kind, channels, rng):
        self.kind, self.c = kind, channels
        fan_in = K * K if kind != "dense" else SIDE * SIDE
        self.w = rng.uniform(-1, 1, (fan_in, channels)) * np.sqrt(6 / fan_in)
        self.b = np.zeros(channels)
        self.features = {"conv": channels * (SIDE // 2) ** 2, "linear-conv": channels * SIDE * SIDE,
                         "dense": channels}[kind]

    def forward(self, x):
        """The flattened output ([c, h, w] channel by channel) and what the backward pass needs."""
        n = len(x)
        if self.kind == "dense":
            z = x.reshape(n, -1) @ self.w + self.b
            return np.maximum(z, 0), (x.reshape(n, -1), z)
        p = patches(x)
        z = (p @ self.w + self.b).transpose(0, 2, 1).reshape(n, self.c, SIDE, SIDE)
        if self.kind == "linear-conv":
            return z.reshape(n, -1), (p, z)
        r = np.maximum(z, 0).reshape(n, self.c, SIDE // 2, 2, SIDE // 2, 2)
        h = r.max(axis=(3, 5))
        return h.reshape(n, -1), (p, z, r, h)

    def backward(self, saved, dh):
        n = len(dh)
        if self.kind == "dense":
            inputs, z = saved
            dz = dh * (z > 0)
            return inputs.T @ dz, dz.sum(0)
        if self.kind == "linear-conv":
            p, _ = saved
            dz = dh.reshape(n, self.c, SIDE, SIDE)
        else:
            p, z, r, h = saved
            mask = r == h[:, :, :, None, :, None]
            mask = mask / mask.sum(axis=(3, 5), keepdims=True)
            dz = (mask * dh.reshape(n, self.c, SIDE // 2, 1, SIDE // 2, 1)).reshape(n, self.c, SIDE, SIDE) * (z > 0)
        dz = dz.reshape(n, self.c, SIDE * SIDE).transpose(0, 2, 1)
        return np.einsum("npk,npc->kc", p, dz), dz.sum(axis=(0, 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layer", choices=["conv", "linear-conv", "dense"], default="conv")
    ap.add_argument("--channels", type=int, default=8, help="channels of a conv layer, units of a dense one")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--learn-classifier", action="store_true", help="train B as well (no longer local_error)")
    a = ap.parse_args()
    x = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, SIDE, SIDE)[:a.limit] / 255.0
    y = idx("train-labels-idx1-ubyte.gz", 8).astype(int)[:a.limit]
    xt = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, SIDE, SIDE) / 255.0
    yt = idx("t10k-labels-idx1-ubyte.gz", 8).astype(int)
    mean, std = x.mean(), x.std()
    x, xt = (x - mean) / std, (xt - mean) / std
    rng = np.random.default_rng(a.seed)
    layer = Layer(a.layer, a.channels, rng)
    b = rng.uniform(-1, 1, (layer.features, CLASSES)) * a.scale / np.sqrt(layer.features)
    adam_w, adam_b, adam_classifier = Adam(layer.w.shape), Adam(layer.b.shape), Adam(b.shape)
    for epoch in range(1, a.epochs + 1):
        order = rng.permutation(len(x))
        loss, correct, assigned = 0.0, 0, np.zeros(CLASSES, int)
        for first in range(0, len(x), BATCH):
            chosen = order[first:first + BATCH]
            labels, n = y[chosen], len(chosen)
            h, saved = layer.forward(x[chosen])
            s = h @ b
            s -= s.max(1, keepdims=True)
            prob = np.exp(s) / np.exp(s).sum(1, keepdims=True)
            loss += -np.log(prob[np.arange(n), labels]).sum()
            predicted = s.argmax(1)
            correct += (predicted == labels).sum()
            assigned += np.bincount(predicted, minlength=CLASSES)
            ds = prob
            ds[np.arange(n), labels] -= 1
            ds /= n
            gw, gb = layer.backward(saved, ds @ b.T)
            if a.learn_classifier:
                adam_classifier.step(b, h.T @ ds)
            adam_w.step(layer.w, gw)
            adam_b.step(layer.b, gb)
        test = 0
        for i in range(0, len(xt), 250):
            test += int(((layer.forward(xt[i:i + 250])[0] @ b).argmax(1) == yt[i:i + 250]).sum())
        print(f"epoch {epoch}: local loss {loss / len(x):.3f}, local accuracy {correct / len(x):.3f}, "
              f"classifier on the test images {test / len(xt):.3f}, assigned per class {assigned.tolist()}")


if __name__ == "__main__":
    main()
