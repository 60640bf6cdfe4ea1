package dev.locus.cli;

import dev.locus.compiler.check.TrainingPlan;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.CheckpointException;
import dev.locus.runtime.checkpoint.CheckpointFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each train block's checkpoints go under {@code --checkpoint FILE}: FILE itself when the
 * program has one train block; with several, FILE with the network's name before its extension
 * ({@code run.ckpt} becomes {@code run.FashionMLP.ckpt}), so that no block overwrites another's
 * parameters. Every place is checked before the first batch of the first block.
 */
final class CheckpointNames {
    private CheckpointNames() {
    }

    /**
     * One place per plan, in the plans' order (empty without {@code --checkpoint}). A network has
     * at most one train block (a second is a duplicate name to the checker), so the names differ.
     *
     * @throws LocusException if a place cannot take a checkpoint
     */
    static List<Optional<Path>> of(final Optional<Path> flag, final List<TrainingPlan> plans) {
        List<Optional<Path>> places = new ArrayList<>();
        for (TrainingPlan plan : plans) {
            places.add(flag.map(f -> plans.size() == 1 ? f : named(f, plan.network().name())));
        }
        for (Optional<Path> place : places) {
            if (place.isEmpty()) {
                continue;
            }
            try {
                CheckpointFile.checkWritable(place.get());
            } catch (CheckpointException e) {
                throw new LocusException("--checkpoint " + e.getMessage());
            }
        }
        return places;
    }

    /** {@code run.ckpt} and {@code Net} give {@code run.Net.ckpt}; {@code run} gives {@code run.Net}. */
    static Path named(final Path file, final String network) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String named = dot > 0 ? name.substring(0, dot) + "." + network + name.substring(dot) : name + "." + network;
        return file.resolveSibling(named);
    }
}
