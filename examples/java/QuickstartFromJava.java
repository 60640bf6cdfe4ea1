import dev.locus.models.QuickMLP;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.checkpoint.TrainingPosition;
import dev.locus.runtime.data.DataLoader;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.data.Samples;
import dev.locus.runtime.model.CompiledModel;
import dev.locus.runtime.model.Models;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.TrainingDriver;
import dev.locus.runtime.train.TrainingPlan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A plain Java program using a network compiled by Locus: it trains examples/quickstart.locus's
 * QuickMLP for an epoch on the Fashion-MNIST sample that ships in the runtime jar, predicts, saves
 * the parameters, loads them into a fresh instance and checks that it predicts the same.
 *
 * <pre>
 * bin/locus compile examples/quickstart.locus --target jvm -o quick.jar
 * javac -cp runtime.jar:quick.jar QuickstartFromJava.java
 * java --add-modules jdk.incubator.vector -cp runtime.jar:quick.jar:. QuickstartFromJava quick.jar /tmp
 * </pre>
 * Arguments: the model jar, and a folder for the checkpoint.
 */
public final class QuickstartFromJava {
    public static void main(final String[] args) {
        Path jar = Path.of(args[0]);
        Path checkpoint = Path.of(args[1]).resolve("quick.ckpt");

        // The network is an ordinary class of the model jar: construct it, draw its parameters.
        CompiledModel model = new QuickMLP();
        long seed = Long.parseLong(Models.info(model).orElseThrow().getProperty("seed"));
        model.initialize(seed);
        System.out.println(model.network() + ": " + model.sampleSize() + " floats in, " + model.classes()
            + " classes out, layers " + model.layerNames() + ", at most " + model.batchCapacity() + " samples a call");

        // One epoch on the sample, in the train block's batches, shuffled from the seed.
        DataSet data = DataLoader.loadSample();
        Provenance origin = Models.provenance(model, data);  // network, rule, program hash, standardization
        TrainingPlan plan = new TrainingPlan(origin, model.batchCapacity(), new Schedule.Simultaneous(1), seed,
            Optional.empty());
        for (EpochReport epoch : new TrainingDriver(model, data, plan).run(e -> { })) {
            System.out.printf("epoch %d: test accuracy %.3f%n", epoch.epoch(), epoch.testAccuracy());
        }

        // Predict the first test images, save the parameters and the training state.
        Samples test = data.test();
        int count = model.batchCapacity();
        model.setTraining(false);
        int[] predicted = new int[count];
        float[] scores = new float[count * model.classes()];
        model.predict(test.images(), count, predicted);
        model.predictScores(test.images(), count, scores);
        model.save(checkpoint, origin, new TrainingPosition(1, 0));  // after epoch 1
        System.out.println("predicted " + Arrays.toString(Arrays.copyOf(predicted, 8)) + " ..., labels "
            + Arrays.toString(Arrays.copyOf(test.labels(), 8)) + " ...");

        // A fresh instance, loaded from the jar file this time, with the saved parameters.
        CompiledModel again = Models.load(jar);
        again.initialize(seed);
        again.load(checkpoint);
        again.setTraining(false);
        int[] predictedAgain = new int[count];
        float[] scoresAgain = new float[count * again.classes()];
        again.predict(test.images(), count, predictedAgain);
        again.predictScores(test.images(), count, scoresAgain);
        System.out.println("same predictions after loading: " + Arrays.equals(predicted, predictedAgain));
        System.out.println("same scores after loading: " + Arrays.equals(scores, scoresAgain));

        // More samples than the batch capacity are refused, with the reason.
        try {
            again.predict(test.images(), count + 1, new int[count + 1]);
        } catch (IllegalArgumentException refused) {
            System.out.println("refused: " + refused.getMessage());
        }
    }
}
