package dev.locus.compiler.diag;

/**
 * Every kind of diagnostic, with a stable identifier that tools and the test corpus refer to.
 * A test fails when a code has no example program in the corpus of wrong programs.
 */
public enum Code {
    // lexical and syntax
    SYNTAX("L001", "the text does not follow the grammar"),
    BAD_CHARACTER("L002", "a character that starts no token"),
    UNTERMINATED_STRING("L003", "a string without its closing quote"),
    UNTERMINATED_COMMENT("L004", "a block comment without its closing */"),
    BAD_ESCAPE("L005", "an escape in a string other than \\\" \\\\ \\/ \\n \\r \\t"),
    NUMBER_TOO_LARGE("L006", "an integer (a literal, or compile-time arithmetic) that does not fit in 64 bits"),
    BAD_ENCODING("L007", "a file that is not valid UTF-8"),

    // files and imports
    IMPORT_NOT_FOUND("L101", "an imported file that cannot be read"),
    IMPORT_CYCLE("L102", "files that import each other"),
    IMPORT_MISPLACED("L103", "an import after a declaration"),

    // names
    DUPLICATE_NAME("L201", "a name declared twice in the same scope"),
    UNDEFINED_NAME("L202", "a name that is not declared or not visible here"),
    UNKNOWN_OP("L203", "a pipeline op that is neither built in nor a block"),
    UNKNOWN_NETWORK("L204", "a train block for a network that does not exist"),
    UNKNOWN_RULE("L205", "a rule that is neither in the standard library nor in the program"),
    STDLIB_REDEFINED("L206", "a user rule with the name of a standard-library rule"),
    UNKNOWN_LAYER("L207", "a `from` that names no earlier layer or input"),
    UNKNOWN_FUNCTION("L208", "a call in a rule of a function that does not exist"),
    UNKNOWN_FIELD("L209", "a field of `layer` other than `in` and `out`"),

    // arguments and compile-time values
    UNKNOWN_ARGUMENT("L301", "a named argument the callee does not have"),
    REPEATED_ARGUMENT("L302", "an argument given twice"),
    WRONG_ARITY("L303", "too many positional arguments, or a required one missing"),
    ARGUMENT_TYPE("L304", "an argument of the wrong kind"),
    POSITIONAL_AFTER_NAMED("L305", "a positional argument after a named one"),
    BLOCK_RECURSION("L306", "a block that uses itself, directly or through others"),
    DIVISION_BY_ZERO("L307", "a compile-time division by zero"),
    VALUE_RANGE("L308", "a value outside the range its parameter allows"),

    // network structure and shapes
    INPUT_COUNT("L401", "a network without exactly one `input`"),
    CLASSES_COUNT("L402", "a network without exactly one `classes`"),
    OUTPUT_COUNT("L403", "a network without exactly one `output`"),
    OUTPUT_NOT_LAST("L404", "a layer after the `output`"),
    OUTPUT_WIDTH("L405", "an output whose shape is not [classes]"),
    SHAPE_MISMATCH("L406", "an op that cannot accept the shape it is given"),
    SHAPE_EMPTY("L407", "an op whose output would have no elements (a kernel larger than its input)"),
    FROM_MISMATCH("L408", "inputs of `from` that cannot be concatenated on the channel axis"),
    UNUSED_LAYER("L409", "a hidden layer whose output no later layer reads (a warning)"),
    PARAMETER_COUNT("L410", "a layer's parameters, or a shape's elements, more than a tensor can hold"),

    // training
    MISSING_SETTING("L501", "a train block without a required setting"),
    DUPLICATE_SETTING("L502", "a setting given twice in a train block"),
    UNKNOWN_DATASET("L503", "a `data` that is not a known set or `idx(...)`"),
    UNKNOWN_OPTIMIZER("L504", "an optimizer other than sgd and adam"),
    UNKNOWN_SCHEDULE("L505", "a schedule other than simultaneous and layerwise"),
    SETTING_IGNORED("L506", "a setting that has no effect"),

    // rules
    MINIMIZE_NOT_SCALAR("L601", "`minimize` of an expression that is not a scalar"),
    PROPAGATE_IN_OUTPUT("L602", "`propagate` in an `output` section"),
    RULE_SHAPE("L603", "a rule expression whose shapes do not fit the layer it is applied to"),
    MISSING_SECTION("L604", "a rule without the section a network needs"),
    DUPLICATE_SECTION("L605", "a rule section given twice, or a second `propagate`"),
    NO_LEARNING("L606", "a rule section that neither minimizes nor propagates"),
    BAD_FEEDBACK("L607", "a `propagate` whose feedback is not `transpose` or `random(scale)`"),
    EXPRESSION_TYPE("L608", "a value of the wrong kind in a rule expression"),
    RANDOM_OUTSIDE_FIXED("L609", "a random draw outside a `fixed` or `learned` statement"),
    LOCALITY("L610", "a cross-layer backward edge where a local rule is required"),
    MINIMIZE_NO_PARAMETERS("L611", "a `minimize` that does not read `layer.out`, so no layer learns from it (a warning)"),
    LEARNED_WITHOUT_MINIMIZE("L612", "a `learned` tensor in a section that does not minimize, so nothing would train it"),
    LEARNED_NOT_MINIMIZED("L613", "a `learned` tensor that no `minimize` reads, so it is never trained (a warning)");

    private final String id;
    private final String summary;

    Code(final String id, final String summary) {
        this.id = id;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }
}
