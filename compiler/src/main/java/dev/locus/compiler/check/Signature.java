package dev.locus.compiler.check;

import java.util.List;

/** What a callee takes: its name as the user writes it, and its parameters in positional order. */
record Signature(String name, List<ParamSpec> params) {
    Signature {
        params = List.copyOf(params);
    }

    static Signature of(final String name, final ParamSpec... params) {
        return new Signature(name, List.of(params));
    }

    List<String> paramNames() {
        return params.stream().map(ParamSpec::name).toList();
    }
}
