package dev.locus.hw.report;

import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MemoryLevel;
import dev.locus.hw.io.GraphJson;
import dev.locus.hw.sim.Profile;
import dev.locus.runtime.JsonText;
import java.util.List;
import java.util.Map;

/**
 * One row of the report: a network under one rule, per training sample.
 *
 * @param rule the rule as given ({@code local_error})
 * @param profile the simulator's counts
 * @param clockMhz the clock the cycles are converted at
 */
public record RuleReport(String rule, Profile profile, double clockMhz) {

    public double dramBytes() {
        return profile.dramBytes();
    }

    public double sramBytes() {
        return profile.sramBytes();
    }

    public long peakActivationBytes() {
        return profile.peakActivationBytes();
    }

    public double backwardEdgeBytes() {
        return profile.crossLayerBackwardBytes();
    }

    public double cycles() {
        return profile.cyclesPerSample();
    }

    public double energyPj() {
        return profile.energyPj();
    }

    /** Samples per second the pipeline trains at the clock. */
    public double samplesPerSecond() {
        return clockMhz * 1e6 / profile.cyclesPerSample();
    }

    /** The line --json prints: ratios to {@code base} (local_error) included. */
    public String json(final RuleReport base) {
        StringBuilder out = new StringBuilder("{");
        out.append("\"rule\": ").append(JsonText.quote(rule));
        out.append(", \"network\": ").append(JsonText.quote(profile.graph().network()));
        out.append(", \"element_type\": ").append(JsonText.quote(profile.graph().node("input").precision()
                .toString()));
        out.append(", \"dram_bytes_per_sample\": ").append(GraphJson.number(dramBytes()));
        out.append(", \"sram_bytes_per_sample\": ").append(GraphJson.number(sramBytes()));
        for (MemoryLevel level : List.of(MemoryLevel.DRAM, MemoryLevel.SRAM)) {
            out.append(", \"").append(level.jsonName()).append("_read_bytes_per_sample\": ")
                    .append(GraphJson.number(profile.reads().get(level)));
            out.append(", \"").append(level.jsonName()).append("_write_bytes_per_sample\": ")
                    .append(GraphJson.number(profile.writes().get(level)));
        }
        out.append(", \"register_bytes_per_sample\": ").append(GraphJson.number(profile.registerBytes()));
        out.append(", \"peak_activation_bytes\": ").append(peakActivationBytes());
        out.append(", \"peak_buffer_bytes\": {");
        String sep = "";
        for (Map.Entry<HwNode, Long> b : profile.peakBufferBytes().entrySet()) {
            out.append(sep).append(JsonText.quote(b.getKey().name())).append(": ").append(b.getValue());
            sep = ", ";
        }
        out.append('}');
        out.append(", \"backward_edge_bytes_per_sample\": ").append(GraphJson.number(backwardEdgeBytes()));
        out.append(", \"backward_edges\": ").append(profile.graph().crossLayerBackwardEdges().size());
        out.append(", \"cycles_per_sample\": ").append(GraphJson.number(cycles()));
        out.append(", \"latency_cycles_per_sample\": ").append(GraphJson.number(profile.latencyCycles()));
        out.append(", \"clock_mhz\": ").append(GraphJson.number(clockMhz));
        out.append(", \"samples_per_second\": ").append(GraphJson.number(Math.round(samplesPerSecond() * 10) / 10.0));
        out.append(", \"macs_per_sample\": ").append(profile.macs());
        out.append(", \"draws_per_sample\": ").append(profile.draws());
        out.append(", \"energy_pj_per_sample\": ").append(GraphJson.number(Math.round(energyPj() * 10) / 10.0));
        out.append(", \"costs\": ").append(JsonText.quote(profile.costs()));
        out.append(", \"dram_ratio\": ").append(ratio(dramBytes(), base.dramBytes()));
        out.append(", \"sram_ratio\": ").append(ratio(sramBytes(), base.sramBytes()));
        out.append(", \"peak_activation_ratio\": ").append(ratio(peakActivationBytes(), base.peakActivationBytes()));
        out.append(", \"cycles_ratio\": ").append(ratio(cycles(), base.cycles()));
        out.append(", \"energy_ratio\": ").append(ratio(energyPj(), base.energyPj()));
        return out.append('}').toString();
    }

    static String ratio(final double x, final double base) {
        if (base == 0) {
            return x == 0 ? "1" : "null";
        }
        return GraphJson.number(Math.round(x / base * 1000) / 1000.0);
    }
}
