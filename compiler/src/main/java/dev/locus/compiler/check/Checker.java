package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * The checker's entry point: names, blocks, networks and their shapes, rules, and train blocks.
 * Each part reports into the same {@link Diagnostics} and the checks go on after an error, so
 * that one run reports every independent error; a part whose input had errors is skipped.
 */
public final class Checker {
    private Checker() {
    }

    public static Optional<CheckedProgram> check(final LoadedProgram program, final Diagnostics diagnostics) {
        int before = diagnostics.errorCount();
        BlockTable blocks = new BlockTable(program.decls(), diagnostics);
        Map<String, Decl.Rule> rules = new LinkedHashMap<>(program.stdlibRules());
        Map<String, Boolean> ruleOk = new HashMap<>();
        program.stdlibRules().keySet().forEach(name -> ruleOk.put(name, true));
        for (Decl d : program.decls()) {
            if (d instanceof Decl.Rule r) {
                if (program.stdlibRules().containsKey(r.name().text())) {
                    diagnostics.error(Code.STDLIB_REDEFINED, r.name().span(), "rule `" + r.name().text()
                            + "` is in the standard library; give yours another name");
                    continue;
                }
                rules.put(r.name().text(), r);
                ruleOk.put(r.name().text(), new RuleStructureCheck(diagnostics).check(r));
            }
        }
        NetworkChecker networkChecker = new NetworkChecker(diagnostics, blocks);
        Map<String, Optional<CheckedNetwork>> networks = new LinkedHashMap<>();
        for (Decl d : program.decls()) {
            if (d instanceof Decl.Network n) {
                networks.put(n.name().text(), networkChecker.check(n));
            }
        }
        TrainChecker trainChecker = new TrainChecker(diagnostics, program.baseDirectory());
        List<TrainingPlan> plans = new ArrayList<>();
        for (Decl d : program.decls()) {
            if (d instanceof Decl.Train t) {
                Optional<CheckedNetwork> net = networks.get(t.name().text());
                if (net == null) {
                    diagnostics.error(Code.UNKNOWN_NETWORK, t.name().span(), "train block for unknown network `"
                            + t.name().text() + "`" + Names.suggestion(t.name().text(), networks.keySet()));
                }
                trainChecker.check(t, net == null ? null : net.orElse(null), rules, ruleOk).ifPresent(plans::add);
            }
        }
        if (diagnostics.errorCount() > before) {
            return Optional.empty();
        }
        List<CheckedNetwork> checked = networks.values().stream().flatMap(Optional::stream).toList();
        return Optional.of(new CheckedProgram(checked, plans, rules, ProgramHash.of(program.sources())));
    }
}
