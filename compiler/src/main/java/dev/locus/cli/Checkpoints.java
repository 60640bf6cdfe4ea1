package dev.locus.cli;

import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.checkpoint.CheckpointException;
import dev.locus.runtime.checkpoint.CheckpointFile;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.train.TrainableModel;
import dev.locus.runtime.train.TrainingDriver;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Reading checkpoints for the commands that take one ({@code train --resume}, {@code eval
 * --checkpoint}): every refusal is "--FLAG FILE: what is wrong", and what a checkpoint says it
 * comes from is compared with the program at hand.
 */
final class Checkpoints {
    private Checkpoints() {
    }

    /** What a checkpoint of {@code plan}'s network trained on {@code backend} with {@code data} records of its origin. */
    static Provenance provenance(final String programSha256, final TrainingPlan plan, final Backend backend,
                                 final DataSet data) {
        return new Provenance(plan.network().name(), plan.rule().rule().name().text(), programSha256, Main.version(),
                backend.name(), data.mean(), data.std());
    }

    /** Reads and verifies {@code file}, given by option {@code --flag}. */
    static Checkpoint read(final String flag, final Path file) {
        try {
            return CheckpointFile.read(file);
        } catch (CheckpointException e) {
            throw new LocusException("--" + flag + " " + e.getMessage());
        }
    }

    /**
     * Checks that {@code checkpoint}, read from {@code file}, is of {@code expected}'s network; says
     * on {@code err} when it was written for another text of the program or by another backend,
     * which is allowed but no longer continues bit for bit.
     */
    static void check(final String flag, final Path file, final Checkpoint checkpoint, final Provenance expected,
                      final String command, final PrintStream err) {
        Provenance found = checkpoint.provenance();
        if (!found.network().equals(expected.network())) {
            throw new LocusException("--" + flag + " " + file + ": is a checkpoint of network `" + found.network()
                    + "`, not `" + expected.network() + "`");
        }
        if (!found.programSha256().equals(expected.programSha256())) {
            err.println("locus " + command + ": --" + flag + " " + file + ": the program has changed since this "
                    + "checkpoint was written (its SHA-256 differs); its tensors are used with the program as it is now");
        }
        if (!found.backend().equals(expected.backend())) {
            err.println("locus " + command + ": --" + flag + " " + file + ": written by backend " + found.backend()
                    + ", used on backend " + expected.backend() + " (numbers convert between them; a resumed run no "
                    + "longer repeats an uninterrupted one bit for bit)");
        }
    }

    /**
     * Copies the parameters and training state of {@code checkpoint} into {@code model}, refusing a
     * checkpoint whose tensors are not exactly the model's (names and shapes).
     */
    static void restore(final String flag, final Path file, final Checkpoint checkpoint, final TrainableModel model,
                        final String network) {
        try {
            CheckpointFile.restore(checkpoint, file.toString(), network, TrainingDriver.tensors(model));
        } catch (CheckpointException e) {
            throw new LocusException("--" + flag + " " + e.getMessage());
        }
    }
}
