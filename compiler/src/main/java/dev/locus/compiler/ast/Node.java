package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;

/** Every AST node knows where it was written. */
public sealed interface Node permits Program, Import, Decl, NetworkStmt, OpCall, Arg, Param, RuleSection,
        RuleStmt, TrainSetting, Expr, Name {
    Span span();
}
