package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Name;
import dev.locus.compiler.ast.NetworkStmt;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one network: one input, one `classes`, one output and it last, unique layer names,
 * `from` references, every op's arguments and every shape, and an output as wide as `classes`.
 */
final class NetworkChecker {
    private final Diagnostics diagnostics;
    private final PipelineExpander expander;

    NetworkChecker(final Diagnostics diagnostics, final BlockTable blocks) {
        this.diagnostics = diagnostics;
        this.expander = new PipelineExpander(blocks);
    }

    Optional<CheckedNetwork> check(final Decl.Network net) {
        int before = diagnostics.errorCount();
        Optional<NetworkStmt.Input> input = single(net, NetworkStmt.Input.class, Code.INPUT_COUNT, "input");
        Optional<NetworkStmt.Classes> classesStmt = single(net, NetworkStmt.Classes.class, Code.CLASSES_COUNT, "classes");
        Shape inputShape = input.flatMap(this::inputShape).orElse(null);
        Optional<Integer> classes = classesStmt.flatMap(this::classes);
        List<NetworkStmt.Layer> layers = new ArrayList<>();
        for (NetworkStmt s : net.body()) {
            if (s instanceof NetworkStmt.Layer l) {
                layers.add(l);
            }
        }
        checkOutputPlacement(net, layers);

        // An unknown `classes` is taken as 2 below, so that `dense(classes)` says nothing more.
        Env env = Env.empty().with("classes", new Value.Int(classes.orElse(2)));
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, Name> declared = new HashMap<>();
        String inputName = input.map(i -> i.name().text()).orElse(null);
        if (inputName != null) {
            shapes.put(inputName, inputShape);
            declared.put(inputName, input.get().name());
        }
        List<CheckedLayer> checked = new ArrayList<>();
        Shape previous = inputShape;
        boolean known = inputShape != null;
        for (NetworkStmt.Layer l : layers) {
            String name = l.name().text();
            if (declared.containsKey(name)) {
                Diagnostic d = diagnostics.error(Code.DUPLICATE_NAME, l.name().span(), "`" + name
                        + "` is already declared in network " + net.name().text());
                diagnostics.replace(d, d.withNote(declared.get(name).span(), "first declared here"));
            }
            Shape in = l.from().isEmpty() ? previous : concatenate(l, shapes, declared);
            if (in == null) {
                known = false;
            }
            PipelineExpander.Result r = expander.expand(l.pipeline(), env, known ? in : null, name, diagnostics);
            Shape out = known && r.ok() ? r.shape() : null;
            known = out != null;
            declared.putIfAbsent(name, l.name());
            shapes.putIfAbsent(name, out);
            previous = out;
            if (out != null) {
                checked.add(new CheckedLayer(name, l.output(), l.from().stream().map(Name::text).toList(), in, out,
                        r.ops(), l.span(), l.name().span()));
            }
        }
        Optional<NetworkStmt.Layer> output = layers.stream().filter(NetworkStmt.Layer::output).findFirst();
        if (output.isPresent() && classes.isPresent() && shapes.get(output.get().name().text()) != null) {
            Shape out = shapes.get(output.get().name().text());
            if (!out.equals(Shape.of(classes.get()))) {
                var last = output.get().pipeline().get(output.get().pipeline().size() - 1);
                diagnostics.error(Code.OUTPUT_WIDTH, last.span(), "output `" + output.get().name().text()
                        + "` gives " + out + " but the network has " + classes.get() + " classes: it must give ["
                        + classes.get() + "]");
            }
        }
        if (diagnostics.errorCount() > before || inputShape == null || classes.isEmpty()) {
            return Optional.empty();
        }
        warnUnread(layers); // only for a network that is otherwise right: an error elsewhere would explain it
        return Optional.of(new CheckedNetwork(net.name().text(), inputName, inputShape, classes.get(), checked,
                net.span()));
    }

    /**
     * A hidden layer that no later layer reads cannot affect the output, and a rule that
     * propagates errors never reaches it: almost always a `from` that forgot it.
     */
    private void warnUnread(final List<NetworkStmt.Layer> layers) {
        java.util.Set<String> read = new java.util.HashSet<>();
        for (int i = 1; i < layers.size(); i++) {
            NetworkStmt.Layer l = layers.get(i);
            if (l.from().isEmpty()) {
                read.add(layers.get(i - 1).name().text());
            } else {
                l.from().forEach(n -> read.add(n.text()));
            }
        }
        for (NetworkStmt.Layer l : layers) {
            if (!l.output() && !read.contains(l.name().text())) {
                diagnostics.warning(Code.UNUSED_LAYER, l.name().span(), "no later layer reads the output of layer `"
                        + l.name().text() + "`: it cannot affect the network's output, and an error propagated from "
                        + "above never reaches it; name it in a `from`, or remove it");
            }
        }
    }

    private <T extends NetworkStmt> Optional<T> single(final Decl.Network net, final Class<T> type, final Code code,
                                                       final String keyword) {
        List<T> found = new ArrayList<>();
        for (NetworkStmt s : net.body()) {
            if (type.isInstance(s)) {
                found.add(type.cast(s));
            }
        }
        if (found.isEmpty()) {
            diagnostics.error(code, net.name().span(), "network " + net.name().text() + " has no `" + keyword
                    + "`; it needs exactly one");
            return Optional.empty();
        }
        for (T extra : found.subList(1, found.size())) {
            Diagnostic d = diagnostics.error(code, extra.span(), "network " + net.name().text() + " has a second `"
                    + keyword + "`; it needs exactly one");
            diagnostics.replace(d, d.withNote(found.get(0).span(), "the first is here"));
        }
        return Optional.of(found.get(0));
    }

    private Optional<Shape> inputShape(final NetworkStmt.Input input) {
        ArgBinder binder = new ArgBinder(diagnostics);
        Signature sig = Signature.of("input dimension",
                ParamSpec.required("size", ParamSpec.Kind.INT, ParamSpec.Range.AT_LEAST_ONE));
        long[] dims = new long[input.dims().size()];
        boolean ok = true;
        for (int i = 0; i < dims.length; i++) {
            Expr e = input.dims().get(i);
            Optional<Value> v = binder.evaluator().eval(e, Env.empty())
                    .flatMap(x -> binder.coerce(sig, sig.params().get(0), x, e.span()));
            if (v.isEmpty()) {
                ok = false;
                continue;
            }
            dims[i] = ((Value.Int) v.get()).value();
        }
        if (!ok) {
            return Optional.empty();
        }
        BigInteger elements = TensorLimit.product(dims);
        if (!TensorLimit.fits(elements)) {
            diagnostics.error(Code.PARAMETER_COUNT, input.span(), "input `" + input.name().text() + "` is "
                    + TensorLimit.dims(dims) + ": " + TensorLimit.tooMany(elements, "elements per sample"));
            return Optional.empty();
        }
        // Each size is at most the product, which fits an int.
        return Optional.of(Shape.of(Arrays.stream(dims).mapToInt(Math::toIntExact).toArray()));
    }

    private Optional<Integer> classes(final NetworkStmt.Classes c) {
        ArgBinder binder = new ArgBinder(diagnostics);
        Signature sig = Signature.of("classes", ParamSpec.required("classes", ParamSpec.Kind.INT,
                new ParamSpec.Range(2, true, 1 << 24, true)));
        return binder.evaluator().eval(c.value(), Env.empty())
                .flatMap(v -> binder.coerce(sig, sig.params().get(0), v, c.value().span()))
                .map(v -> (int) ((Value.Int) v).value());
    }

    private void checkOutputPlacement(final Decl.Network net, final List<NetworkStmt.Layer> layers) {
        List<NetworkStmt.Layer> outputs = layers.stream().filter(NetworkStmt.Layer::output).toList();
        if (outputs.isEmpty()) {
            diagnostics.error(Code.OUTPUT_COUNT, net.name().span(), "network " + net.name().text()
                    + " has no `output` layer; it needs exactly one, last");
            return;
        }
        for (NetworkStmt.Layer extra : outputs.subList(1, outputs.size())) {
            Diagnostic d = diagnostics.error(Code.OUTPUT_COUNT, extra.span(), "network " + net.name().text()
                    + " has a second `output`; it needs exactly one, last");
            diagnostics.replace(d, d.withNote(outputs.get(0).span(), "the first is here"));
        }
        int at = layers.indexOf(outputs.get(0));
        if (outputs.size() == 1 && at < layers.size() - 1) {
            NetworkStmt.Layer after = layers.get(at + 1);
            diagnostics.error(Code.OUTPUT_NOT_LAST, after.span(), "layer `" + after.name().text()
                    + "` comes after the output `" + outputs.get(0).name().text() + "`; the output must be last");
        }
    }

    /** The shape of `from A, B`: equal except on the channel axis (axis 0), whose sizes add up. */
    private Shape concatenate(final NetworkStmt.Layer l, final Map<String, Shape> shapes, final Map<String, Name> declared) {
        List<Shape> parts = new ArrayList<>();
        boolean ok = true;
        for (Name n : l.from()) {
            if (!declared.containsKey(n.text())) {
                diagnostics.error(Code.UNKNOWN_LAYER, n.span(), "`from " + n.text() + "`: no input or earlier layer is "
                        + "named `" + n.text() + "`" + Names.suggestion(n.text(), declared.keySet()));
                ok = false;
                continue;
            }
            Shape s = shapes.get(n.text());
            if (s == null) {
                ok = false;
            } else {
                parts.add(s);
            }
        }
        if (!ok) {
            return null;
        }
        Shape first = parts.get(0);
        long channels = 0;
        for (int i = 0; i < parts.size(); i++) {
            Shape s = parts.get(i);
            boolean fits = s.rank() == first.rank();
            for (int d = 1; fits && d < s.rank(); d++) {
                fits = s.dim(d) == first.dim(d);
            }
            if (!fits) {
                diagnostics.error(Code.FROM_MISMATCH, l.from().get(i).span(), "layer `" + l.name().text()
                        + "` cannot concatenate " + l.from().get(0).text() + " " + first + " and "
                        + l.from().get(i).text() + " " + s + " on the channel axis: all but the first dimension must be equal");
                return null;
            }
            channels += s.dim(0);
        }
        long[] dims = Arrays.stream(first.dims()).asLongStream().toArray();
        dims[0] = channels;
        BigInteger size = TensorLimit.product(dims);
        if (!TensorLimit.fits(size)) {
            diagnostics.error(Code.PARAMETER_COUNT, l.from().get(0).span().to(l.from().get(l.from().size() - 1).span()),
                    "layer `" + l.name().text() + "`: its inputs together are " + TensorLimit.dims(dims) + ": "
                            + TensorLimit.tooMany(size, "elements per sample"));
            return null;
        }
        int[] fitting = first.dims();
        fitting[0] = (int) channels;
        return Shape.of(fitting);
    }
}
