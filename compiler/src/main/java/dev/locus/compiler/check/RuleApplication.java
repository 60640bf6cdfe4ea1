package dev.locus.compiler.check;

import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a rule to each layer of a network: the `hidden` section to every layer, the `output`
 * section to the output. An error is reported at the rule's line with a note naming the layer;
 * the same error for further layers adds a note to it instead of repeating it.
 */
final class RuleApplication {
    private final Diagnostics diagnostics;

    RuleApplication(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void apply(final TrainingPlan.RuleBinding binding, final CheckedNetwork network) {
        RuleSection hidden = section(binding, RuleSection.Kind.HIDDEN);
        RuleSection output = section(binding, RuleSection.Kind.OUTPUT);
        String rule = binding.rule().name().text();
        if (hidden == null && !network.hiddenLayers().isEmpty()) {
            diagnostics.error(Code.MISSING_SECTION, binding.span(), "rule " + rule + " has no `hidden` section, but network "
                    + network.name() + " has hidden layers (" + network.hiddenLayers().get(0).name() + ", ...)");
        }
        if (output == null) {
            diagnostics.error(Code.MISSING_SECTION, binding.span(), "rule " + rule + " has no `output` section for the "
                    + "output layer `" + network.outputLayer().name() + "`");
        }
        Map<String, Diagnostic> reported = new LinkedHashMap<>();
        for (CheckedLayer layer : network.layers()) {
            RuleSection section = layer.output() ? output : hidden;
            if (section == null) {
                continue;
            }
            Diagnostics local = new Diagnostics();
            new RuleShapeCheck(local, layer, network.classes(), binding.args()).check(section);
            for (Diagnostic d : local.all()) {
                String key = d.code() + "@" + d.span().file().name() + ":" + d.span().start();
                Diagnostic first = reported.get(key);
                String where = "when rule " + rule + " is applied to layer `" + layer.name() + "` (" + layer.in()
                        + " -> " + layer.out() + ")";
                if (first == null) {
                    Diagnostic withNote = d.withNote(layer.nameSpan(), where);
                    diagnostics.add(withNote);
                    reported.put(key, withNote);
                } else {
                    Diagnostic more = first.withNote(layer.nameSpan(), "also " + where + ": " + d.message());
                    diagnostics.replace(first, more);
                    reported.put(key, more);
                }
            }
        }
    }

    private static RuleSection section(final TrainingPlan.RuleBinding binding, final RuleSection.Kind kind) {
        return binding.rule().sections().stream().filter(s -> s.kind() == kind).findFirst().orElse(null);
    }
}
