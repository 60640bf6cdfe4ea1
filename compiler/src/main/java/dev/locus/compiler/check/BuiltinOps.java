package dev.locus.compiler.check;

import static dev.locus.compiler.check.ParamSpec.Kind.BOOL;
import static dev.locus.compiler.check.ParamSpec.Kind.INIT;
import static dev.locus.compiler.check.ParamSpec.Kind.INT;
import static dev.locus.compiler.check.ParamSpec.Kind.NUMBER;
import static dev.locus.compiler.check.ParamSpec.defaultsTo;
import static dev.locus.compiler.check.ParamSpec.optional;
import static dev.locus.compiler.check.ParamSpec.required;

import dev.locus.compiler.check.ParamSpec.Range;
import java.util.Map;
import java.util.Optional;

/** The built-in ops of LANGUAGE.md §3: their signatures, and how bound arguments become a {@link LayerOp}. */
final class BuiltinOps {
    private static final Value TRUE = new Value.Bool(true);
    private static final Value HE_UNIFORM = new Value.Init("he_uniform", Double.NaN);

    private static final Map<String, Signature> SIGNATURES = Map.ofEntries(
            Map.entry("dense", Signature.of("dense", required("units", INT, Range.SIZE),
                    optional("bias", BOOL, TRUE, Range.ANY), optional("init", INIT, HE_UNIFORM, Range.ANY))),
            Map.entry("conv2d", Signature.of("conv2d", required("channels", INT, Range.SIZE),
                    optional("kernel", INT, new Value.Int(3), Range.SIZE),
                    optional("stride", INT, new Value.Int(1), Range.SIZE),
                    optional("pad", INT, new Value.Int(0), Range.PADDING),
                    optional("bias", BOOL, TRUE, Range.ANY), optional("init", INIT, HE_UNIFORM, Range.ANY))),
            Map.entry("maxpool", pool("maxpool")),
            Map.entry("avgpool", pool("avgpool")),
            Map.entry("flatten", Signature.of("flatten")),
            Map.entry("relu", Signature.of("relu")),
            Map.entry("tanh", Signature.of("tanh")),
            Map.entry("sigmoid", Signature.of("sigmoid")),
            Map.entry("identity", Signature.of("identity")),
            Map.entry("leaky_relu", Signature.of("leaky_relu",
                    optional("slope", NUMBER, new Value.Real(0.01), Range.NON_NEGATIVE))),
            Map.entry("dropout", Signature.of("dropout", required("p", NUMBER, Range.UNIT_OPEN))),
            Map.entry("batchnorm", Signature.of("batchnorm",
                    optional("momentum", NUMBER, new Value.Real(0.1), new Range(0, true, 1, true)),
                    optional("eps", NUMBER, new Value.Real(1e-5), Range.POSITIVE))));

    private BuiltinOps() {
    }

    private static Signature pool(final String name) {
        return Signature.of(name, required("size", INT, Range.SIZE),
                defaultsTo("stride", INT, "size", Range.SIZE));
    }

    static boolean isBuiltin(final String name) {
        return SIGNATURES.containsKey(name);
    }

    static Optional<Signature> signature(final String name) {
        return Optional.ofNullable(SIGNATURES.get(name));
    }

    static java.util.Set<String> names() {
        return SIGNATURES.keySet();
    }

    static LayerOp make(final String name, final Map<String, Value> a) {
        return switch (name) {
            case "dense" -> new LayerOp.Dense(i(a, "units"), b(a, "bias"), (Value.Init) a.get("init"));
            case "conv2d" -> new LayerOp.Conv2d(i(a, "channels"), i(a, "kernel"), i(a, "stride"), i(a, "pad"),
                    b(a, "bias"), (Value.Init) a.get("init"));
            case "maxpool", "avgpool" -> new LayerOp.Pool(name.equals("maxpool"), i(a, "size"), i(a, "stride"));
            case "flatten" -> new LayerOp.Flatten();
            case "leaky_relu" -> new LayerOp.Activation(name, Value.Values.number(a.get("slope")));
            case "dropout" -> new LayerOp.Dropout(Value.Values.number(a.get("p")));
            case "batchnorm" -> new LayerOp.BatchNorm(Value.Values.number(a.get("momentum")),
                    Value.Values.number(a.get("eps")));
            default -> new LayerOp.Activation(name, 0);
        };
    }

    /** Integer arguments are checked already to be in their range, which is within an int's. */
    private static int i(final Map<String, Value> a, final String key) {
        return Math.toIntExact(((Value.Int) a.get(key)).value());
    }

    private static boolean b(final Map<String, Value> a, final String key) {
        return ((Value.Bool) a.get(key)).value();
    }
}
