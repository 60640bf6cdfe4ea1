package dev.locus.compiler.jvm;

import dev.locus.runtime.checkpoint.Provenances;
import static dev.locus.compiler.jvm.GeneratedClassAssertions.assertSound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.data.DataSet;
import dev.locus.runtime.model.CompiledModel;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.TinyDenseNetwork;
import dev.locus.runtime.model.generated.ModelClasses;
import dev.locus.runtime.train.EpochReport;
import dev.locus.runtime.train.Schedule;
import dev.locus.runtime.train.SyntheticData;
import dev.locus.runtime.train.TrainingDriver;
import dev.locus.runtime.train.TrainingPlan;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The emitter's network against the same network written by hand: same kernels, same order, same bits. */
class GeneratedNetworkTest {
    private static final DataSet DATA = SyntheticData.make(600, 200);
    private static final GeneratedClass TINY = new TinyDenseEmitter().emit("Tiny");

    private static List<EpochReport> train(final CompiledModel model, final long seed, final Schedule schedule) {
        model.initialize(seed);
        return new TrainingDriver(model, DATA, new TrainingPlan(Provenances.of("Tiny"), TinyDenseNetwork.CAPACITY, schedule, 9,
            Optional.empty())).run(r -> { });
    }

    @Test
    void theGeneratedClassVerifiesAndRefersOnlyToTheRuntime() {
        assertSound(TINY);
        final ClassReferences refs = ClassReferences.of(TINY.bytes());
        assertEquals(new TreeSet<>(List.of("dev/locus/runtime/kernel/Activations", "dev/locus/runtime/kernel/Losses",
                "dev/locus/runtime/kernel/Optimizers", "dev/locus/runtime/kernel/Sgemm",
                "dev/locus/runtime/model/CompiledNetwork", "dev/locus/runtime/model/StepCounter",
                "dev/locus/runtime/random/Initializer", "dev/locus/runtime/random/SeededRandom")),
            new TreeSet<>(refs.methods().stream().map(ClassReferences.Member::owner).toList()));
        assertTrue(refs.classes().contains(ModelClasses.PACKAGE + "/Tiny"), refs.classes().toString());
    }

    @Test
    void definedAsAHiddenClassItTrainsBitForBitAsTheHandWrittenNetwork() {
        final CompiledNetwork generated = ModelClassDefiner.load(TINY, ModelClassDefiner.Definition.HIDDEN);
        assertTrue(generated.getClass().isHidden());
        final TinyDenseNetwork handWritten = new TinyDenseNetwork();
        final Schedule schedule = new Schedule.Simultaneous(3);
        final List<EpochReport> a = train(generated, 11, schedule);
        final List<EpochReport> b = train(handWritten, 11, schedule);
        assertBitIdentical(handWritten.tensors(), generated.tensors());
        for (int e = 0; e < a.size(); e++) {
            assertEquals(b.get(e).testAccuracy(), a.get(e).testAccuracy());
            assertEquals(b.get(e).layers(), a.get(e).layers());
        }
        assertTrue(a.get(2).testAccuracy() > 0.85, "test accuracy " + a.get(2).testAccuracy());
    }

    @Test
    void definedByAPlainLoaderAndTrainedLayerwiseItStillMatchesTheHandWrittenNetwork() {
        final CompiledNetwork generated = ModelClassDefiner.load(TINY, ModelClassDefiner.Definition.PLAIN);
        assertEquals(ModelClasses.PACKAGE.replace('/', '.') + ".Tiny", generated.getClass().getName());
        final TinyDenseNetwork handWritten = new TinyDenseNetwork();
        train(generated, 12, new Schedule.Layerwise(1));
        train(handWritten, 12, new Schedule.Layerwise(1));
        assertBitIdentical(handWritten.tensors(), generated.tensors());
    }

    private static void assertBitIdentical(final List<NamedTensor> expected, final List<NamedTensor> actual) {
        assertEquals(expected.stream().map(t -> t.name() + t.shapeText()).toList(),
            actual.stream().map(t -> t.name() + t.shapeText()).toList());
        for (int i = 0; i < expected.size(); i++) {
            final float[] x = expected.get(i).values();
            final float[] y = actual.get(i).values();
            for (int j = 0; j < x.length; j++) {
                if (Float.floatToRawIntBits(x[j]) != Float.floatToRawIntBits(y[j])) {
                    throw new AssertionError(expected.get(i).name() + "[" + j + "]: hand-written " + x[j]
                        + ", generated " + y[j]);
                }
            }
        }
    }
}
