/**
 * The training loop shared by every backend ({@link dev.locus.runtime.train.TrainingDriver} over a
 * {@link dev.locus.runtime.train.TrainableModel}), its schedules, and its per-epoch reports as
 * JSON lines and progress lines.
 */
package dev.locus.runtime.train;
