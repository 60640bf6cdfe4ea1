/**
 * The rule test kit: properties a learning rule written in Locus should have, checked on networks
 * the kit generates and on the rule file's own networks, for users' JUnit 5 tests and for
 * {@code locus test-rule}.
 *
 * <p>Start at {@link dev.locus.testkit.RuleKit}: {@code RuleKit.forFile(path).rule("my_rule")}
 * gives a {@link dev.locus.testkit.RuleCheck}, whose {@code check()} returns a
 * {@link dev.locus.testkit.Report} of one {@link dev.locus.testkit.PropertyResult} per
 * {@link dev.locus.testkit.Property}, and whose {@code assertPasses()} and {@code assertFails(p)}
 * throw JUnit-friendly {@link AssertionError}s. A failure carries the seed of the failing case and,
 * shrunk, a {@link dev.locus.testkit.Counterexample}: a program that checks on its own and the
 * command that reproduces the failure. {@link dev.locus.testkit.Generators} holds the kit's
 * QuickTheories generators for users' own properties; {@link dev.locus.testkit.Alignment} measures
 * the angle between a rule's updates and another's (backprop's) over training. docs/RULES.md is the
 * guide.
 */
package dev.locus.testkit;
