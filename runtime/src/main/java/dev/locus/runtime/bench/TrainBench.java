package dev.locus.runtime.bench;

import dev.locus.runtime.data.Samples;
import dev.locus.runtime.train.StepStats;
import dev.locus.runtime.train.TrainableModel;
import dev.locus.runtime.train.TrainingDriver;
import java.util.OptionalInt;

/**
 * The training speed of a model, whatever its backend ({@code locus bench train}): whole
 * minibatches of real training data through {@link TrainableModel#trainStep}, every layer
 * trainable, in training mode. The batches are drawn as {@link TrainingDriver} draws them (the
 * seeded shuffle of each epoch, the samples copied into one batch buffer), and the copy is timed
 * as the driver's images/s times it. Only whole batches are used: when fewer than a batch of the
 * epoch's order remain, the next epoch's order starts.
 *
 * <p>Warm-up first, untimed: at least {@code warmupSteps} steps and at least
 * {@code warmupSeconds} seconds, so that the JIT has compiled the step before the clock starts
 * however long a step takes. Then either exactly {@code steps} timed steps, or (without
 * {@code steps}) as many steps as fill {@code seconds}, at least {@link #LEAST_TIMED_STEPS}.
 */
public final class TrainBench {
    /** Without an exact step count, the fewest timed steps, however slow a step is. */
    public static final int LEAST_TIMED_STEPS = 3;

    /**
     * How to measure.
     *
     * @param batch         samples per step
     * @param seed          the shuffle's seed (the train block's)
     * @param warmupSteps   the fewest untimed steps (0 allowed)
     * @param warmupSeconds the least untimed time (0 allowed)
     * @param steps         an exact number of timed steps, or empty to time {@code seconds}
     * @param seconds       without {@code steps}: the least timed time
     */
    public record Plan(int batch, long seed, int warmupSteps, double warmupSeconds, OptionalInt steps,
                       double seconds) {
        public Plan {
            if (batch < 1 || warmupSteps < 0 || !(warmupSeconds >= 0) || !(seconds >= 0)
                    || steps.isPresent() && steps.getAsInt() < 1) {
                throw new IllegalArgumentException("bad plan " + batch + ", " + warmupSteps + ", " + warmupSeconds
                        + ", " + steps + ", " + seconds);
            }
        }
    }

    /** What was measured: the untimed warm-up, then {@code steps} steps of {@code batch} images in {@code seconds}. */
    public record Result(int batch, int warmupSteps, double warmupSeconds, int steps, double seconds) {
        public double imagesPerSecond() {
            return (double) steps * batch / seconds;
        }

        public double stepsPerSecond() {
            return steps / seconds;
        }
    }

    private final TrainableModel model;
    private final Samples train;
    private final Plan plan;
    private final float[] images;
    private final int[] labels;
    private final StepStats stats;
    private int epoch;
    private int[] order;
    private int next;

    private TrainBench(final TrainableModel model, final Samples train, final Plan plan) {
        if (train.count() < plan.batch()) {
            throw new IllegalArgumentException(train.count() + " samples cannot fill a batch of " + plan.batch());
        }
        this.model = model;
        this.train = train;
        this.plan = plan;
        this.images = new float[plan.batch() * train.sampleSize()];
        this.labels = new int[plan.batch()];
        this.stats = new StepStats(model.layerNames().size());
        nextEpoch();
    }

    /** Warms up, then times; {@code train} must hold at least one batch. */
    public static Result run(final TrainableModel model, final Samples train, final Plan plan) {
        return new TrainBench(model, train, plan).measure();
    }

    private Result measure() {
        model.setTraining(true);
        for (int layer = 0; layer < model.layerNames().size(); layer++) {
            model.setTrainable(layer, true);
        }
        long warmStart = System.nanoTime();
        long warmEnd = warmStart + nanos(plan.warmupSeconds());
        int warm = 0;
        while (warm < plan.warmupSteps() || System.nanoTime() < warmEnd) {
            step();
            warm++;
        }
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        long start = System.nanoTime();
        long end = start + nanos(plan.seconds());
        int timed = 0;
        if (plan.steps().isPresent()) {
            for (; timed < plan.steps().getAsInt(); timed++) {
                step();
            }
        } else {
            while (timed < LEAST_TIMED_STEPS || System.nanoTime() < end) {
                step();
                timed++;
            }
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        return new Result(plan.batch(), warm, warmSeconds, timed, seconds);
    }

    private void step() {
        int batch = plan.batch();
        if (next + batch > order.length) {
            nextEpoch();
        }
        int size = train.sampleSize();
        for (int i = 0; i < batch; i++) {
            int sample = order[next + i];
            System.arraycopy(train.images(), sample * size, images, i * size, size);
            labels[i] = train.labels()[sample];
        }
        next += batch;
        // What a step reports is not read here, so the stats are neither cleared nor checked.
        model.trainStep(images, labels, batch, stats);
    }

    private void nextEpoch() {
        epoch++;
        order = TrainingDriver.order(plan.seed(), epoch, train.count());
        next = 0;
    }

    private static long nanos(final double seconds) {
        return (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4);
    }
}
