package dev.locus.runtime.kernel;

import java.util.Arrays;

/**
 * Convolution without an unfolded (im2col) matrix: each thread copies an image into a
 * zero-padded buffer and a {@link DirectConvKernel register tile} reads it through offset
 * tables, so the padded image (tens of KiB, in L1/L2) is the only copy of the input.
 * Channels lie along the vectors: the weights are packed once per call as {@code taps x channels}
 * and the output gradient is transposed per group of images to {@code pixels x channels}. Taps
 * are ordered kernel row, kernel column, input channel, so that the taps a tile can skip (those
 * that meet only padding) form whole runs of steps: FashionConv's second layer (5x5, pad 2, on
 * 14x14) has 16% of its multiply-adds in the padding, about half of it in padding rows, which
 * the weight gradient skips whole and the other passes in part.
 *
 * <ul>
 *   <li>forward: a tile is output pixels x output channels, summed over the taps
 *       ({@code channelsIn x kernelH x kernelW}) in one run, then written to NCHW;
 *   <li>gradient of the input (stride 1): the forward pass of the output gradient, padded by
 *       {@code kernel - 1 - pad}, with the weights flipped and their channels swapped;
 *   <li>gradient of the weights: a tile is taps x output channels, summed over the pixels of a
 *       group of images, accumulated per part of the batch and added up in part order at the end
 *       ({@link GradientParts}: the same sum whatever the threads).
 * </ul>
 * The batch is split over the {@linkplain KernelPool#shared() pool} by images. Channel counts
 * are padded to a whole narrow tile; the tiles are chosen to suit them (wide while at least a
 * wide tile of channels is left).
 */
final class DirectConv {
    /** Output pixels per weight-gradient item: enough steps to amortize a tile's loads and stores. */
    private static final int TARGET_PIXELS = 768;
    /**
     * Forward (and input-gradient) tiles sum over the taps in one run and are then written to NCHW
     * one value at a time; with fewer taps than this, the writes outweigh the sums and im2col wins
     * (FashionConv's first layer: 25 taps, 32 vs 46 GFLOP/s on one core).
     */
    private static final int MIN_TAPS = 64;
    private static final boolean ENABLED = !"false".equals(System.getProperty("locus.conv.direct"));
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private DirectConv() {
    }

    /** Whether the direct path computes {@code channels} output channels well (at least 3/4 of a narrow tile). */
    private static boolean suits(final DirectConvKernel k, final int channels) {
        return ENABLED && k != null && 4 * channels >= 3 * k.narrow();
    }

    static boolean suitsForward(final DirectConvKernel k, final ConvShape s) {
        return suits(k, s.channelsOut()) && s.patchSize() >= MIN_TAPS;
    }

    static boolean suitsData(final DirectConvKernel k, final ConvShape s) {
        return suits(k, s.channelsIn()) && s.channelsOut() * s.kernelH() * s.kernelW() >= MIN_TAPS
                && s.stride() == 1 && s.pad() < s.kernelH() && s.pad() < s.kernelW();
    }

    static boolean suitsWeights(final DirectConvKernel k, final ConvShape s) {
        return suits(k, s.channelsOut());
    }

    /** {@code y = f(conv(x, w) + bias)}; {@code bias} may be null. */
    static void forward(final DirectConvKernel kernel, final ConvShape s, final float[] x, final int xOff,
                        final float[] w, final int wOff, final float[] bias, final int biasOff, final Activation f,
                        final float slope, final float[] y, final int yOff) {
        Job job = JOB.get();
        job.geometry(kernel, s.batch(), s.channelsIn(), s.height(), s.width(), s.pad(), s.pad(), s.kernelH(),
                s.kernelW(), s.stride(), s.channelsOut(), s.outHeight(), s.outWidth(), 1);
        float[] wt = job.weights();
        int taps = job.taps;
        int cIn = s.channelsIn();
        int kh = s.kernelH();
        int kw = s.kernelW();
        for (int co = 0; co < s.channelsOut(); co++) {
            for (int ci = 0, from = wOff + co * taps; ci < cIn; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++, from++) {
                        wt[((ki * kw + kj) * cIn + ci) * job.cp + co] = w[from];
                    }
                }
            }
        }
        job.bias = bias;
        job.biasOff = biasOff;
        job.f = f;
        job.slope = slope;
        job.run(false, x, xOff, y, yOff);
    }

    static void backwardData(final DirectConvKernel kernel, final ConvShape s, final float[] dy, final int dyOff,
                             final float[] w, final int wOff, final float[] dx, final int dxOff) {
        int kh = s.kernelH();
        int kw = s.kernelW();
        Job job = JOB.get();
        job.geometry(kernel, s.batch(), s.channelsOut(), s.outHeight(), s.outWidth(), kh - 1 - s.pad(),
                kw - 1 - s.pad(), kh, kw, 1, s.channelsIn(), s.height(), s.width(), 1);
        float[] wt = job.weights();
        int cIn = s.channelsIn();
        // Tap (ki, kj, co) of the transposed convolution reads weight (co, ci, kh-1-ki, kw-1-kj).
        int cOut = s.channelsOut();
        for (int co = 0; co < cOut; co++) {
            for (int ci = 0; ci < cIn; ci++) {
                int src = wOff + (co * cIn + ci) * kh * kw;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int t = (ki * kw + kj) * cOut + co;
                        wt[t * job.cp + ci] = w[src + (kh - 1 - ki) * kw + (kw - 1 - kj)];
                    }
                }
            }
        }
        job.run(false, dy, dyOff, dx, dxOff);
    }

    static void backwardWeights(final DirectConvKernel kernel, final ConvShape s, final float[] x, final int xOff,
                                final float[] dy, final int dyOff, final float[] dw, final int dwOff,
                                final float[] dBias, final int dBiasOff) {
        int pixels = s.outHeight() * s.outWidth();
        // Fixed by the shape alone, as GradientParts needs: the sum's order must not follow the threads.
        int group = Math.max(1, Math.min(s.batch(), TARGET_PIXELS / pixels));
        Job job = JOB.get();
        job.geometry(kernel, s.batch(), s.channelsIn(), s.height(), s.width(), s.pad(), s.pad(), s.kernelH(),
                s.kernelW(), s.stride(), s.channelsOut(), s.outHeight(), s.outWidth(), group);
        job.parts.start((s.batch() + group - 1) / group, job.taps * job.cp, job.cp);
        job.run(true, x, xOff, dy, dyOff);
        job.reduceInto(dw, dwOff, dBias, dBiasOff);
    }

    /** One call's geometry, tables and packed weights; reused per calling thread. */
    private static final class Job implements KernelPool.Task {
        final GradientParts parts = new GradientParts();
        private float[] wt = new float[0];
        private int[] tapOff = new int[0];
        private int[] pixOff = new int[0];
        /**
         * The order in which the forward pass takes the pixels of an image into tiles: column by
         * column class (columns whose kernel columns meet the same part of the image), row-major
         * within a class, so that most blocks lie in one class and skip its padding columns.
         */
        private int[] order = new int[0];
        DirectConvKernel kernel;
        boolean weights;
        int batch;
        int inC;
        int inH;
        int inW;
        int padH;
        int padW;
        int kh;
        int kw;
        int stride;
        int hp;
        int wp;
        int outC;
        int outH;
        int outW;
        /** Output channels rounded up to a whole narrow tile: the row length of the packed operands. */
        int cp;
        int taps;
        int group;
        float[] bias;
        int biasOff;
        Activation f = Activation.IDENTITY;
        float slope;
        float[] src;
        int srcOff;
        float[] dst;
        int dstOff;

        void geometry(final DirectConvKernel kernel, final int batch, final int inC, final int inH, final int inW,
                      final int padH, final int padW, final int kh, final int kw, final int stride, final int outC,
                      final int outH, final int outW, final int group) {
            this.kernel = kernel;
            this.kh = kh;
            this.kw = kw;
            this.stride = stride;
            this.batch = batch;
            this.inC = inC;
            this.inH = inH;
            this.inW = inW;
            this.padH = padH;
            this.padW = padW;
            this.hp = inH + 2 * padH;
            this.wp = inW + 2 * padW;
            this.outC = outC;
            this.outH = outH;
            this.outW = outW;
            this.cp = Sgemm.roundUp(outC, kernel.narrow());
            this.taps = inC * kh * kw;
            this.group = group;
            if ((long) group * inC * hp * wp > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("convolution too large for the direct path");
            }
            if (tapOff.length < taps) {
                tapOff = new int[taps];
            }
            for (int ki = 0, t = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    for (int c = 0; c < inC; c++, t++) {
                        tapOff[t] = (c * hp + ki) * wp + kj;
                    }
                }
            }
            int pixels = outH * outW;
            if (order.length < pixels) {
                order = new int[pixels];
            }
            for (int ox0 = 0, at = 0; ox0 < outW; ) {
                int ox1 = ox0 + 1;
                while (ox1 < outW && columnClass(ox1) == columnClass(ox0)) {
                    ox1++;
                }
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = ox0; ox < ox1; ox++) {
                        order[at++] = oy * outW + ox;
                    }
                }
                ox0 = ox1;
            }
            if (pixOff.length < group * pixels) {
                pixOff = new int[group * pixels];
            }
            int image = inC * hp * wp;
            for (int g = 0, p = 0; g < group; g++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++, p++) {
                        pixOff[p] = g * image + oy * stride * wp + ox * stride;
                    }
                }
            }
        }

        /** The kernel columns that output column {@code ox} meets the image with, as {@code lo * kw + hi}. */
        private int columnClass(final int ox) {
            int lo = Math.max(0, padW - ox * stride);
            int hi = Math.min(kw - 1, inW - 1 + padW - ox * stride);
            return lo * kw + hi;
        }

        /** The packed weights, {@code taps x cp}, with the padding channels zero. */
        float[] weights() {
            int size = taps * cp;
            if (wt.length < size) {
                wt = new float[size];
            }
            if (cp != outC) {
                Arrays.fill(wt, 0, size, 0f);
            }
            return wt;
        }

        void run(final boolean weights, final float[] src, final int srcOff, final float[] dst, final int dstOff) {
            this.weights = weights;
            this.src = src;
            this.srcOff = srcOff;
            this.dst = dst;
            this.dstOff = dstOff;
            try {
                KernelPool.shared().run(weights ? parts.parts() : (batch + group - 1) / group, this);
            } finally {
                this.src = null;
                this.dst = null;
                this.bias = null;
                this.f = Activation.IDENTITY;
            }
        }

        @Override
        public void run(final int item) {
            Workspace ws = WORKSPACE.get();
            ws.ensure(group * inC * hp * wp, weights ? group * outH * outW * cp : 0,
                    DirectConvKernel.WIDE_ROWS * kernel.wide(), 2 * Math.max(kh, group));
            if (!weights) {
                padGroup(ws, item * group, Math.min(group, batch - item * group));
                forwardImage(ws, item * group);
                return;
            }
            parts.clear(item);
            float[] dw = parts.weights(item);
            float[] db = parts.biases(item);
            for (int g = parts.firstGroup(item); g < parts.endGroup(item); g++) {
                int first = g * group;
                int images = Math.min(group, batch - first);
                padGroup(ws, first, images);
                weightGroup(ws, dw, db, first, images);
            }
        }

        private void padGroup(final Workspace ws, final int first, final int images) {
            for (int g = 0; g < images; g++) {
                pad(src, srcOff + (long) (first + g) * inC * inH * inW, ws.padded, g * inC * hp * wp);
            }
        }

        /** Copies one image into its slot of the padded buffer, borders zero. */
        private void pad(final float[] x, final long at, final float[] p, final int pOff) {
            int from = (int) at;
            int d = pOff;
            for (int c = 0; c < inC; c++) {
                Arrays.fill(p, d, d + padH * wp, 0f);
                d += padH * wp;
                for (int i = 0; i < inH; i++) {
                    Arrays.fill(p, d, d + padW, 0f);
                    System.arraycopy(x, from, p, d + padW, inW);
                    Arrays.fill(p, d + padW + inW, d + wp, 0f);
                    from += inW;
                    d += wp;
                }
                Arrays.fill(p, d, d + padH * wp, 0f);
                d += padH * wp;
            }
        }

        private void forwardImage(final Workspace ws, final int image) {
            int pixels = outH * outW;
            int[] rowOff = ws.rowOff;
            int[] runs = ws.runs;
            float[] tile = ws.tile;
            int base = dstOff + image * outC * pixels;
            for (int c0 = 0; c0 < cp; ) {
                int width = cp - c0 >= kernel.wide() ? kernel.wide() : kernel.narrow();
                int rows = width == kernel.wide() ? DirectConvKernel.WIDE_ROWS : DirectConvKernel.NARROW_ROWS;
                int channels = Math.min(width, outC - c0);
                for (int p0 = 0; p0 < pixels; p0 += rows) {
                    int n = Math.min(rows, pixels - p0);
                    // The kernel rows and columns that meet the image for some pixel of the block.
                    int kiLo = kh;
                    int kiHi = -1;
                    int kjLo = kw;
                    int kjHi = -1;
                    for (int r = 0; r < rows; r++) {
                        int p = order[p0 + Math.min(r, n - 1)];
                        rowOff[r] = pixOff[p];
                        int oy = p / outW * stride;
                        int ox = p % outW * stride;
                        kiLo = Math.min(kiLo, Math.max(0, padH - oy));
                        kiHi = Math.max(kiHi, Math.min(kh - 1, inH - 1 + padH - oy));
                        kjLo = Math.min(kjLo, Math.max(0, padW - ox));
                        kjHi = Math.max(kjHi, Math.min(kw - 1, inW - 1 + padW - ox));
                    }
                    int nRuns = 0;
                    if (kjLo <= kjHi) {
                        for (int ki = kiLo; ki <= kiHi; ki++, nRuns++) {
                            runs[2 * nRuns] = (ki * kw + kjLo) * inC;
                            runs[2 * nRuns + 1] = (kjHi - kjLo + 1) * inC;
                        }
                    }
                    kernel.tile(width, ws.padded, rowOff, tapOff, runs, nRuns, wt, c0, cp, tile);
                    for (int j = 0; j < channels; j++) {
                        int d = base + (c0 + j) * pixels;
                        for (int r = 0; r < n; r++) {
                            dst[d + order[p0 + r]] = tile[r * width + j];
                        }
                    }
                }
                c0 += width;
            }
            // Bias and activation while the image is still in cache, on this thread.
            for (int c = 0; c < outC; c++) {
                float add = bias == null ? 0f : bias[biasOff + c];
                Activations.apply(f, slope, dst, base + c * pixels, pixels, add);
            }
        }

        private void weightGroup(final Workspace ws, final float[] dwt, final float[] db, final int first,
                                 final int images) {
            int pixels = outH * outW;
            // The output gradient as pixels x channels (dst holds dy here), its per-channel sums on the way.
            float[] g = ws.gradient;
            for (int j = 0; j < images; j++) {
                int from = dstOff + (first + j) * outC * pixels;
                int to = j * pixels * cp;
                for (int c = 0; c < outC; c++) {
                    float sum = 0f;
                    int row = from + c * pixels;
                    for (int p = 0; p < pixels; p++) {
                        float v = dst[row + p];
                        g[to + p * cp + c] = v;
                        sum += v;
                    }
                    db[c] += sum;
                }
                for (int c = outC; c < cp; c++) {
                    for (int p = 0; p < pixels; p++) {
                        g[to + p * cp + c] = 0f;
                    }
                }
            }
            int[] rowOff = ws.rowOff;
            int[] runs = ws.runs;
            float[] tile = ws.tile;
            for (int c0 = 0; c0 < cp; ) {
                int width = cp - c0 >= kernel.wide() ? kernel.wide() : kernel.narrow();
                int rows = width == kernel.wide() ? DirectConvKernel.WIDE_ROWS : DirectConvKernel.NARROW_ROWS;
                for (int t0 = 0; t0 < taps; t0 += rows) {
                    int n = Math.min(rows, taps - t0);
                    int kiLo = kh;
                    int kiHi = 0;
                    for (int r = 0; r < rows; r++) {
                        int t = t0 + Math.min(r, n - 1);
                        rowOff[r] = tapOff[t];
                        int ki = t / (kw * inC);
                        kiLo = Math.min(kiLo, ki);
                        kiHi = Math.max(kiHi, ki);
                    }
                    // The output rows where one of the block's taps meets the image: one run per image.
                    // (Skipping the columns too would cut the runs to a row each, and short runs cost
                    // the tile more than the columns save.)
                    int oyLo = Math.max(0, ceilDiv(padH - kiHi, stride));
                    int oyHi = Math.min(outH - 1, Math.floorDiv(inH - 1 + padH - kiLo, stride));
                    int nRuns = 0;
                    if (oyLo <= oyHi) {
                        for (int im = 0; im < images; im++, nRuns++) {
                            runs[2 * nRuns] = im * pixels + oyLo * outW;
                            runs[2 * nRuns + 1] = (oyHi - oyLo + 1) * outW;
                        }
                    }
                    kernel.tile(width, ws.padded, rowOff, pixOff, runs, nRuns, g, c0, cp, tile);
                    for (int r = 0; r < n; r++) {
                        int d = (t0 + r) * cp + c0;
                        int t = r * width;
                        for (int j = 0; j < width; j++) {
                            dwt[d + j] += tile[t + j];
                        }
                    }
                }
                c0 += width;
            }
        }

        /** {@code dw[co][tap]} and {@code dBias} (may be null) = the sums of the parts' partial gradients, in part order. */
        void reduceInto(final float[] dw, final int dwOff, final float[] dBias, final int dBiasOff) {
            Arrays.fill(dw, dwOff, dwOff + outC * taps, 0f);
            if (dBias != null) {
                Arrays.fill(dBias, dBiasOff, dBiasOff + outC, 0f);
            }
            for (int p = 0; p < parts.parts(); p++) {
                float[] part = parts.weights(p);
                for (int ki = 0, t = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        for (int ci = 0; ci < inC; ci++, t++) {
                            int to = dwOff + (ci * kh + ki) * kw + kj;
                            for (int co = 0; co < outC; co++) {
                                dw[to + co * taps] += part[t * cp + co];
                            }
                        }
                    }
                }
                if (dBias != null) {
                    float[] db = parts.biases(p);
                    for (int co = 0; co < outC; co++) {
                        dBias[dBiasOff + co] += db[co];
                    }
                }
            }
        }
    }

    private static int ceilDiv(final int a, final int b) {
        return -Math.floorDiv(-a, b);
    }

    /** A thread's padded images, transposed gradient and tile; grown as needed, reused. */
    private static final class Workspace {
        final int[] rowOff = new int[Math.max(DirectConvKernel.WIDE_ROWS, DirectConvKernel.NARROW_ROWS)];
        int[] runs = new int[0];
        float[] padded = new float[0];
        float[] gradient = new float[0];
        float[] tile = new float[0];

        void ensure(final int paddedSize, final int gradientSize, final int tileSize, final int runsSize) {
            if (runs.length < runsSize) {
                runs = new int[runsSize];
            }
            if (padded.length < paddedSize) {
                padded = new float[paddedSize];
            }
            if (gradient.length < gradientSize) {
                gradient = new float[gradientSize];
            }
            if (tile.length < tileSize) {
                tile = new float[tileSize];
            }
        }
    }
}
