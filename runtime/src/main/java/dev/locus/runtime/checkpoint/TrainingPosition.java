package dev.locus.runtime.checkpoint;

/**
 * How far training has gone: {@code epoch} whole epochs, then {@code batch} minibatches of the
 * next one. With the seed, it is all the training driver needs to continue the data order (the
 * shuffle of an epoch depends only on the seed and the epoch); the dropout masks follow the
 * model's own step counter, which the checkpoint holds as a tensor.
 */
public record TrainingPosition(int epoch, int batch) {
    /** Before the first step. */
    public static final TrainingPosition START = new TrainingPosition(0, 0);

    public TrainingPosition {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("a training position counts from 0, got epoch " + epoch + " batch "
                + batch);
        }
    }

    /** Said in messages: "epoch 3", or "epoch 3 and 12 batches of epoch 4". */
    public String describe() {
        return batch == 0 ? "epoch " + epoch : "epoch " + epoch + " and " + batch + " batches of epoch " + (epoch + 1);
    }
}
