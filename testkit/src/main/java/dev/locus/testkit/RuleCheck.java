package dev.locus.testkit;

import dev.locus.compiler.check.TrainingPlan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The kit's properties for one rule: how many cases, from which seed, whether locality is
 * required; then {@link #check()} for a {@link Report}, or the JUnit-friendly
 * {@link #assertPasses()} and {@link #assertFails(Property)}.
 *
 * <p>Each property is checked on networks the kit generates (see {@link Generators}), and first on
 * the networks that the rule's own file trains under the rule (its {@code train} blocks). On the
 * first failing case it shrinks the network and the batch while the property still fails, and
 * reports that smallest case as a program and a command that reproduces the failure.
 */
public final class RuleCheck {
    /** The default number of generated cases per property (the costly properties take a share of them). */
    public static final int DEFAULT_TRIES = 100;

    private final RuleSource rule;
    private int tries = DEFAULT_TRIES;
    private long seed = 1;
    private boolean requireLocal;
    private Set<Property> properties = EnumSet.allOf(Property.class);
    private Tamper tamper = Tamper.NONE;

    RuleCheck(final RuleSource rule) {
        this.rule = rule;
    }

    /** Generated cases per property ({@value #DEFAULT_TRIES} by default; 0 checks only the file's own networks). */
    public RuleCheck tries(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("tries must be at least 0, got " + n);
        }
        this.tries = n;
        return this;
    }

    /** The seed the cases are drawn from (1 by default): the same seed checks the same cases. */
    public RuleCheck seed(final long s) {
        this.seed = s;
        return this;
    }

    /** Requires the rule to be local: without it, locality is not checked on a rule that propagates. */
    public RuleCheck requireLocal() {
        this.requireLocal = true;
        return this;
    }

    /** Checks only these properties. */
    public RuleCheck only(final Property first, final Property... more) {
        this.properties = EnumSet.of(first, more);
        return this;
    }

    /** The networks the rule's file trains under the rule: each property checks them first. */
    public List<String> fileNetworks() {
        return rule.givenPlans().stream().map(p -> p.network().name()).toList();
    }

    RuleCheck tamper(final Tamper t) {
        this.tamper = t;
        return this;
    }

    /** Every property asked for, in order. */
    public Report check() {
        return check(r -> {
        });
    }

    /** Every property asked for, handing each result to {@code each} as soon as it is known. */
    public Report check(final Consumer<PropertyResult> each) {
        List<PropertyResult> results = new ArrayList<>();
        for (Property p : properties) {
            PropertyResult r = check(p);
            each.accept(r);
            results.add(r);
        }
        return new Report(rule.call, results);
    }

    /** One property. */
    public PropertyResult check(final Property p) {
        Check check = Checks.of(p);
        List<Case> cases = cases(check, p);
        if (cases.isEmpty()) {
            return new PropertyResult(p, PropertyResult.Status.SKIPPED, "no network to check (--tries 0 and none in "
                    + "the file under this rule)", 0, 0, Optional.empty());
        }
        Trial first = firstThatApplies(check, cases);
        String reason = first == null ? null : check.notApplicable(first, requireLocal);
        if (reason != null) {
            return new PropertyResult(p, PropertyResult.Status.SKIPPED, reason, 0, 0, Optional.empty());
        }
        int checked = 0;
        int compared = 0;
        int inconclusive = 0;
        String lastInconclusive = "";
        for (Case c : cases) {
            Outcome o = run(check, c);
            if (o.failed()) {
                return failure(check, c, o);
            }
            if (o.kind() == Outcome.Kind.INCONCLUSIVE) {
                inconclusive++;
                lastInconclusive = o.detail();
                continue;
            }
            checked++;
            compared += o.count();
        }
        if (checked == 0) {
            return new PropertyResult(p, PropertyResult.Status.SKIPPED, "no case could be checked (" + inconclusive
                    + " inconclusive: " + lastInconclusive + ")", 0, 0, Optional.empty());
        }
        String detail = check.summary(checked, compared) + (inconclusive > 0 ? " (" + inconclusive
                + " more left out: " + lastInconclusive + ")" : "");
        return new PropertyResult(p, PropertyResult.Status.PASSED, detail, checked, 0, Optional.empty());
    }

    /**
     * One property on one network of the caller's choosing, with {@code seed} as its train block's
     * seed (which draws its data too), not shrunk: for users' own QuickTheories properties over
     * {@link Generators}, which shrink what they generate themselves.
     *
     * <pre>{@code
     * qt().forAll(Generators.networks(), Generators.seeds()).checkAssert((network, seed) ->
     *         assertTrue(check.check(Property.GRADIENT, network, seed).passed()));
     * }</pre>
     */
    public PropertyResult check(final Property p, final NetworkSpec network, final long seed) {
        Check check = Checks.of(p);
        Case c = new Case(network, null, check.batch(), seed);
        Trial first = firstThatApplies(check, List.of(c));
        String reason = first == null ? null : check.notApplicable(first, requireLocal);
        if (reason != null) {
            return new PropertyResult(p, PropertyResult.Status.SKIPPED, reason, 0, 0, Optional.empty());
        }
        Outcome o = run(check, c);
        return switch (o.kind()) {
            case FAIL -> new PropertyResult(p, PropertyResult.Status.FAILED, o.detail(), 1, seed,
                    Optional.of(counterexample(check, c)));
            case INCONCLUSIVE -> new PropertyResult(p, PropertyResult.Status.SKIPPED, o.detail(), 0, 0,
                    Optional.empty());
            case PASS -> new PropertyResult(p, PropertyResult.Status.PASSED, check.summary(1, o.count()), 1, 0,
                    Optional.empty());
        };
    }

    /**
     * The angle between each layer's update under this rule and under {@code other} (typically
     * {@code backprop}) on the same parameters and batch, over training under this rule.
     */
    public Alignment alignmentWith(final String other) {
        RuleSource compare = RuleSource.of(rule.file, rule.text, rule.program, other);
        return Alignment.measure(rule, compare, seed);
    }

    /**
     * Throws an {@link AssertionError} listing every property's line, and the counterexample of
     * each failure, unless none failed.
     */
    public void assertPasses() {
        Report r = check();
        if (!r.passed()) {
            StringBuilder s = new StringBuilder("the rule " + rule.call + " fails the kit:\n" + r.lines());
            for (PropertyResult x : r.results()) {
                x.counterexample().ifPresent(c -> s.append("\n\n").append(x.property().id()).append(" fails on ")
                        .append(c.program().isEmpty() ? "the network " + c.network() + " of " + rule.file
                                : ":\n" + c.program()).append("\nreproduce: ").append(c.command("FILE")));
            }
            throw new AssertionError(s.toString());
        }
    }

    /** Throws an {@link AssertionError} unless {@code p} fails; returns the failure. */
    public PropertyResult assertFails(final Property p) {
        PropertyResult r = check(p);
        if (!r.failed()) {
            throw new AssertionError("expected " + p.id() + " to fail for " + rule.call + ": " + r.line());
        }
        return r;
    }

    // ------------------------------------------------------------ cases

    private List<Case> cases(final Check check, final Property p) {
        List<Case> out = new ArrayList<>();
        for (TrainingPlan plan : rule.givenPlans()) {
            int batch = Math.min(plan.batch(), check.batch() * 4);
            out.add(new Case(null, plan.network().name(), batch, plan.seed()));
        }
        Random r = new Random(seed * 1_000_003L + p.ordinal());
        Draw d = Draw.of(r);
        for (int i = 0; i < check.tries(tries); i++) {
            NetworkSpec n = check.network(d);
            out.add(new Case(n, null, check.batch(), 1 + r.nextInt(1_000_000)));
        }
        return out;
    }

    private Trial trial(final Check check, final Case c) {
        return Trial.of(rule, c, check.optimizer(), tamper);
    }

    /** The first case the rule checks on (null if none): what a property's applicability is judged on. */
    private Trial firstThatApplies(final Check check, final List<Case> cases) {
        for (Case c : cases) {
            try {
                return trial(check, c);
            } catch (RuleSource.NotApplicable e) {
                // The next case, then.
            }
        }
        return null;
    }

    /**
     * The outcome of a case: inconclusive when the rule does not apply to the case's network; an
     * exception (training that diverged, say) is a failure of the property.
     */
    private Outcome run(final Check check, final Case c) {
        try {
            return check.run(trial(check, c));
        } catch (RuleSource.NotApplicable e) {
            return Outcome.inconclusive("the rule does not apply to such a network: " + e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.fail("threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private PropertyResult failure(final Check check, final Case first, final Outcome firstOutcome) {
        Case smallest = first;
        Outcome outcome = firstOutcome;
        int budget = check.shrinkBudget();
        boolean smaller = true;
        while (smaller && budget > 0) {
            smaller = false;
            for (Case c : smallest.smaller()) {
                if (budget-- <= 0) {
                    break;
                }
                Outcome o = run(check, c);
                if (o.failed()) {
                    smallest = c;
                    outcome = o;
                    smaller = true;
                    break;
                }
            }
        }
        return new PropertyResult(check.property(), PropertyResult.Status.FAILED, outcome.detail(), 0, smallest.seed(),
                Optional.of(counterexample(check, smallest)));
    }

    private Counterexample counterexample(final Check check, final Case c) {
        String flags = requireLocal ? " --require-local" : "";
        String command = "locus test-rule FILE '" + rule.call + "' --tries 0" + flags;
        if (!c.generated()) {
            return new Counterexample("", command.replace("FILE", rule.file.toString()), c.given());
        }
        String name = "Counterexample";
        String declaration = rule.declarationText();
        String program = "// " + check.property().id() + " fails for the rule " + rule.call + " on this network.\n"
                + "// `locus test-rule` draws the data from the train block's seed (separable clusters, " + c.batch()
                + " samples\n// a batch) and trains as the property says; the data setting below is not read.\n"
                + (declaration.isEmpty() ? "" : declaration + "\n\n")
                + c.network().toLocus(name) + "\n"
                + rule.trainBlock(name, check.optimizer(), c.batch(), c.seed());
        return new Counterexample(program, command, name);
    }
}
