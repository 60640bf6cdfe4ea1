package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.runtime.JsonText;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.Checkpoint;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSearchPath;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.DataSource;
import dev.locus.runtime.train.Evaluation;
import dev.locus.runtime.train.TrainableModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus eval FILE --checkpoint CKPT`: the test accuracy of a trained network, per class and as a
 * confusion matrix. The program gives the network and its data; the checkpoint names the network
 * (a program may train several) and gives its parameters and running statistics.
 */
final class EvalCommand implements Command {
    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "test accuracy, per-class accuracy and confusion matrix of a checkpoint";
    }

    @Override
    public String arguments() {
        return "FILE --checkpoint CKPT [--backend NAME] [--data DIR] [--json]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.valued("checkpoint", "CKPT", "the checkpoint to evaluate, written by locus train "
                        + "--checkpoint from this program; its network is the one evaluated"))
                .addOption(Main.valued("backend", "NAME", "run on this backend (default " + Backends.DEFAULT + "): "
                        + String.join(", ", Backends.names())))
                .addOption(Main.valued("data", "DIR", "the folder of the named data set, as for locus train"))
                .addOption(Main.flag("json", "one JSON object on standard output: network, rule, checkpoint, epoch, "
                        + "batch, data, test_images, correct, test_accuracy, per_class [{class, total, correct, "
                        + "accuracy}] (accuracy null for a class without test images), confusion (rows: true "
                        + "class, columns: predicted class)"));
    }

    @Override
    public String footer() {
        return "Its test accuracy is the one locus train printed after the epoch the checkpoint was taken.";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "no file to evaluate" : "eval takes one file");
        }
        if (!line.hasOption("checkpoint")) {
            throw new UsageException("--checkpoint CKPT is needed: the checkpoint to evaluate");
        }
        String backendName = line.getOptionValue("backend", Backends.DEFAULT);
        Backend backend = Backends.find(backendName).orElseThrow(() -> new UsageException("unknown backend `"
                + backendName + "`; available: " + Backends.names()));
        Path file = Path.of(line.getArgList().get(0));
        Path ckpt = Path.of(line.getOptionValue("checkpoint"));
        Diagnostics diagnostics = new Diagnostics();
        Optional<Compilation.Result> program = Compilation.compile(file, diagnostics);
        for (Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (program.isEmpty()) {
            return Main.USER_ERROR;
        }
        Checkpoint checkpoint = Checkpoints.read("checkpoint", ckpt);
        String network = checkpoint.provenance().network();
        List<Compilation.Unit> units = program.get().units();
        Compilation.Unit unit = units.stream().filter(u -> u.plan().network().name().equals(network)).findFirst()
                .orElseThrow(() -> new LocusException("--checkpoint " + ckpt + ": is a checkpoint of network `"
                        + network + "`, which " + file + " does not train" + (units.isEmpty() ? " (it has no train "
                        + "block)" : " (its train blocks train " + String.join(", ", units.stream()
                        .map(u -> u.plan().network().name()).toList()) + ")")));
        TrainingPlan plan = unit.plan();
        DataSet data = data(plan, file, Optional.ofNullable(line.getOptionValue("data")).map(Path::of), err);
        Checkpoints.check("checkpoint", ckpt, checkpoint,
                Checkpoints.provenance(program.get().program().sha256(), plan, backend, data), "eval", err);
        // The test images are standardized as the training images were when the checkpoint was taken.
        data = data.standardizedBy(checkpoint.provenance().inputMean(), checkpoint.provenance().inputStd());
        TrainableModel model = backend.model(unit.graph());
        Checkpoints.restore("checkpoint", ckpt, checkpoint, model, network);
        model.setTraining(false);
        Evaluation result = Evaluation.of(model, data.test(), plan.batch(), data.classes());
        out.print(line.hasOption("json") ? json(checkpoint, ckpt, data, result) + "\n"
                : text(checkpoint, ckpt, data, result, backend));
        return Main.OK;
    }

    /** The train block's test set, checked against the network as train checks it. */
    private static DataSet data(final TrainingPlan plan, final Path file, final Optional<Path> dataDir,
                                final PrintStream err) {
        DataSource source;
        if (plan.data() instanceof TrainingPlan.NamedData n) {
            source = new DataSource.Named(n.name());
        } else {
            TrainingPlan.IdxData idx = (TrainingPlan.IdxData) plan.data();
            source = new DataSource.IdxFiles(idx.images().toString(), idx.labels().toString(),
                    idx.testImages().toString(), idx.testLabels().toString());
            dataDir.ifPresent(d -> err.println("locus eval: " + plan.data().span() + ": --data " + d + " is not used: "
                    + "the train block of " + plan.network().name() + " reads its own idx(...) files"));
        }
        DataSet data = DataLoader.load(source, DataSearchPath.standard(dataDir.orElse(null)),
                file.toAbsolutePath().getParent(), notice -> err.println("locus eval: " + notice));
        String network = plan.network().name();
        if (!Arrays.equals(plan.network().input().dims(), data.sampleShape())) {
            throw new LocusException(plan.data().span() + ": data " + data.name() + " has samples of "
                    + Arrays.toString(data.sampleShape()) + " but network " + network + " takes input "
                    + plan.network().input());
        }
        if (data.classes() != plan.network().classes()) {
            throw new LocusException(plan.data().span() + ": data " + data.name() + " has " + data.classes()
                    + " classes but network " + network + " has classes " + plan.network().classes());
        }
        return data;
    }

    private static String text(final Checkpoint checkpoint, final Path ckpt, final DataSet data,
                               final Evaluation result, final Backend backend) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s (rule %s) from %s, after %s, on %s: %,d test images, backend %s%n",
                checkpoint.provenance().network(), checkpoint.provenance().rule(), ckpt,
                checkpoint.position().describe(), data.name(), result.total(), backend.name()));
        s.append(String.format(Locale.ROOT, "test accuracy %.2f%% (%,d of %,d)%n%n", 100 * result.accuracy(),
                result.correct(), result.total()));
        int classes = result.classes();
        int width = Math.max(5, Long.toString(maxCell(result)).length() + 1);
        s.append("class  accuracy   right / total\n");
        for (int c = 0; c < classes; c++) {
            double a = result.accuracy(c);
            s.append(String.format(Locale.ROOT, "%5d  %8s  %6d / %d%n", c,
                    Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * a), result.confusion()[c][c],
                    result.total(c)));
        }
        s.append("\nconfusion matrix (rows: true class, columns: predicted class)\n");
        s.append(" ".repeat(5));
        for (int p = 0; p < classes; p++) {
            s.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        s.append('\n');
        for (int t = 0; t < classes; t++) {
            s.append(String.format(Locale.ROOT, "%5d", t));
            for (int p = 0; p < classes; p++) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", result.confusion()[t][p]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static long maxCell(final Evaluation result) {
        long most = 0;
        for (long[] row : result.confusion()) {
            for (long k : row) {
                most = Math.max(most, k);
            }
        }
        return most;
    }

    private static String json(final Checkpoint checkpoint, final Path ckpt, final DataSet data,
                               final Evaluation result) {
        StringBuilder s = new StringBuilder("{");
        s.append("\"network\":").append(JsonText.quote(checkpoint.provenance().network()));
        s.append(",\"rule\":").append(JsonText.quote(checkpoint.provenance().rule()));
        s.append(",\"checkpoint\":").append(JsonText.quote(ckpt.toString()));
        s.append(",\"epoch\":").append(checkpoint.position().epoch());
        s.append(",\"batch\":").append(checkpoint.position().batch());
        s.append(",\"data\":").append(JsonText.quote(data.name()));
        s.append(",\"test_images\":").append(result.total());
        s.append(",\"correct\":").append(result.correct());
        s.append(",\"test_accuracy\":").append(result.accuracy());
        s.append(",\"per_class\":[");
        for (int c = 0; c < result.classes(); c++) {
            double a = result.accuracy(c);
            s.append(c == 0 ? "" : ",").append("{\"class\":").append(c).append(",\"total\":").append(result.total(c))
                    .append(",\"correct\":").append(result.confusion()[c][c]).append(",\"accuracy\":")
                    .append(Double.isNaN(a) ? "null" : Double.toString(a)).append('}');
        }
        s.append("],\"confusion\":[");
        for (int t = 0; t < result.classes(); t++) {
            s.append(t == 0 ? "[" : ",[");
            for (int p = 0; p < result.classes(); p++) {
                s.append(p == 0 ? "" : ",").append(result.confusion()[t][p]);
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }
}
