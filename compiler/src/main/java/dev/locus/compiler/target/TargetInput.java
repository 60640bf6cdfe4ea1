package dev.locus.compiler.target;

import dev.locus.compiler.ir.IrGraph;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Target} compiles: the networks of the chosen train blocks, and where they came
 * from, for the index a target writes beside them.
 *
 * @param networks one per train block, in the file's order
 * @param javaPackage the package of generated classes ({@code com.example.models}); targets that
 *                    generate no Java classes ignore it, the JVM target has a default
 * @param origin the program and the compiler that made the output
 * @param options the values of the target's own flags ({@link Target#options()}) the user gave, by
 *                name; a flag without a value maps to the empty string
 */
public record TargetInput(List<Network> networks, Optional<String> javaPackage, Origin origin,
                          Map<String, String> options) {

    public TargetInput {
        networks = List.copyOf(networks);
        Objects.requireNonNull(javaPackage, "javaPackage");
        Objects.requireNonNull(origin, "origin");
        options = Map.copyOf(options);
    }

    /** Input without target flags. */
    public TargetInput(final List<Network> networks, final Optional<String> javaPackage, final Origin origin) {
        this(networks, javaPackage, origin, Map.of());
    }

    /**
     * One train block's network.
     *
     * @param graph its verified IR (the train block's batch is its batch capacity)
     * @param rule the name of the rule it trains under ({@code local_error})
     * @param epochs the train block's epochs
     */
    public record Network(IrGraph graph, String rule, int epochs) {
        public Network {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * @param locusVersion the compiler's version
     * @param source the program's file name ({@code quickstart.locus})
     * @param sourceSha256 the SHA-256 of the program file's bytes, in hexadecimal
     */
    public record Origin(String locusVersion, String source, String sourceSha256) {
        public Origin {
            Objects.requireNonNull(locusVersion, "locusVersion");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sourceSha256, "sourceSha256");
        }
    }
}
