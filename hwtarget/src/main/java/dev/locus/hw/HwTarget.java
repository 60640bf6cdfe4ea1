package dev.locus.hw;

import dev.locus.compiler.target.Target;
import dev.locus.compiler.target.TargetInput;
import dev.locus.compiler.target.TargetOption;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.io.AtomicFiles;
import dev.locus.hw.io.GraphDot;
import dev.locus.hw.io.GraphJson;
import dev.locus.runtime.LocusException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The target {@code hw}: `locus compile FILE --target hw -o DIR` writes the dataflow graph of the
 * train block's network under its rule, folded as the flags say, to {@code DIR/graph.json} and
 * {@code DIR/graph.dot}. Found by {@link java.util.ServiceLoader}; it reads only the IR.
 */
public final class HwTarget implements Target {
    @Override
    public String name() {
        return "hw";
    }

    @Override
    public String description() {
        return "a dataflow graph for an accelerator that trains on chip: OUT/graph.json and OUT/graph.dot";
    }

    @Override
    public List<TargetOption> options() {
        return HwOptions.declared();
    }

    @Override
    public void checkOptions(final Map<String, String> options) {
        HwOptions.parse(options);
    }

    @Override
    public void write(final TargetInput input, final Path output) {
        if (input.networks().size() != 1) {
            throw new LocusException(input.origin().source() + ": " + input.networks().size() + " train blocks; "
                    + "a hardware graph is one network under one rule: choose one with --network");
        }
        HwOptions options = HwOptions.parse(input.options());
        TargetInput.Network network = input.networks().get(0);
        HwGraph g = GraphLowering.lower(network.graph(), network.rule(), options.precision());
        options.fold(g);
        GraphJson.Header header = new GraphJson.Header(input.origin().source(), input.origin().sourceSha256(),
                input.origin().locusVersion(), options.clockMhz(), options.sramBytes());
        AtomicFiles.write(output.resolve("graph.json"), GraphJson.write(g, header));
        AtomicFiles.write(output.resolve("graph.dot"), GraphDot.write(g));
    }
}
