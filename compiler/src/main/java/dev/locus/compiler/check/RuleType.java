package dev.locus.compiler.check;

/** The type of a rule expression when the rule is applied to one layer. */
sealed interface RuleType {

    String describe();

    /** A compile-time number (`classes`, `features(t)`, a rule parameter). */
    record Num(double value, boolean integer) implements RuleType {
        @Override
        public String describe() {
            return "a number";
        }
    }

    /** A tensor: per sample when {@code batched} (the batch dimension is implicit), else one tensor. */
    record Tensor(boolean batched, Shape shape) implements RuleType {
        boolean isScalar() {
            return !batched && shape.rank() == 0;
        }

        @Override
        public String describe() {
            if (isScalar()) {
                return "a scalar";
            }
            return (batched ? "a tensor of " + shape + " per sample" : "a tensor " + shape);
        }
    }

    /** The labels of the minibatch: integers in [0, classes). */
    record Labels() implements RuleType {
        @Override
        public String describe() {
            return "the labels";
        }
    }

    /** A function passed as a rule argument (`loss: cross_entropy`). */
    record Func(String name) implements RuleType {
        @Override
        public String describe() {
            return "the function `" + name + "`";
        }
    }
}
