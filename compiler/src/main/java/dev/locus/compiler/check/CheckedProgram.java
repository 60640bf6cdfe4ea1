package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import java.util.List;
import java.util.Map;

/**
 * A program that checked without errors: its networks, its training plans, every visible rule,
 * and the {@link ProgramHash} of its source texts (which checkpoints record).
 */
public record CheckedProgram(List<CheckedNetwork> networks, List<TrainingPlan> plans, Map<String, Decl.Rule> rules,
                             String sha256) {
    public CheckedProgram {
        networks = List.copyOf(networks);
        plans = List.copyOf(plans);
        rules = Map.copyOf(rules);
    }
}
