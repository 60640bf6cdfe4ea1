package dev.locus.compiler.parse;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Import;
import dev.locus.compiler.ast.Name;
import dev.locus.compiler.ast.NetworkStmt;
import dev.locus.compiler.ast.OpCall;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.ast.TrainSetting;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.SourceFile;
import dev.locus.compiler.source.Span;
import dev.locus.grammar.LocusLexer;
import dev.locus.grammar.LocusParser;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds the immutable AST from a parse tree that has no syntax errors. */
final class AstBuilder {
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private final SourceFile file;
    private final Diagnostics diagnostics;

    AstBuilder(final SourceFile file, final Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    Program program(final LocusParser.ProgramContext ctx) {
        List<Import> imports = new ArrayList<>();
        List<Decl> decls = new ArrayList<>();
        for (var child : ctx.children) {
            if (child instanceof LocusParser.ImportDeclContext i) {
                if (!decls.isEmpty()) {
                    diagnostics.error(Code.IMPORT_MISPLACED, span(i),
                            "`import` must come before every declaration: move it to the top of the file");
                }
                imports.add(new Import(span(i), string(i.path)));
            } else if (child instanceof LocusParser.DeclContext d) {
                decls.add(decl(d));
            }
        }
        return new Program(span(ctx), imports, decls);
    }

    // ------------------------------------------------------------ declarations

    private Decl decl(final LocusParser.DeclContext ctx) {
        if (ctx.networkDecl() != null) {
            var n = ctx.networkDecl();
            return new Decl.Network(span(n), name(n.name), n.networkStmt().stream().map(this::networkStmt).toList());
        }
        if (ctx.blockDecl() != null) {
            var b = ctx.blockDecl();
            return new Decl.Block(span(b), name(b.name), params(b.paramList()), pipeline(b.pipeline()));
        }
        if (ctx.ruleDecl() != null) {
            var r = ctx.ruleDecl();
            return new Decl.Rule(span(r), name(r.name), params(r.paramList()),
                    r.ruleSection().stream().map(this::section).toList());
        }
        var t = ctx.trainDecl();
        return new Decl.Train(span(t), name(t.name), t.trainStmt().stream().map(this::setting).toList());
    }

    private NetworkStmt networkStmt(final LocusParser.NetworkStmtContext ctx) {
        if (ctx instanceof LocusParser.InputStmtContext in) {
            return new NetworkStmt.Input(span(in), name(in.name), in.shape().expr().stream().map(this::expr).toList());
        }
        if (ctx instanceof LocusParser.ClassesStmtContext c) {
            return new NetworkStmt.Classes(span(c), expr(c.expr()));
        }
        var l = (LocusParser.LayerStmtContext) ctx;
        List<Name> from = l.fromClause() == null ? List.of()
                : l.fromClause().ID().stream().map(n -> name(n.getSymbol())).toList();
        return new NetworkStmt.Layer(span(l), l.kind.getType() == LocusLexer.OUTPUT, name(l.name), from,
                pipeline(l.pipeline()));
    }

    private List<OpCall> pipeline(final LocusParser.PipelineContext ctx) {
        return ctx.opCall().stream()
                .map(o -> new OpCall(span(o), name(o.name), args(o.argList())))
                .toList();
    }

    private List<Param> params(final LocusParser.ParamListContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        return ctx.param().stream()
                .map(p -> new Param(span(p), name(p.name), p.expr() == null ? null : expr(p.expr())))
                .toList();
    }

    private RuleSection section(final LocusParser.RuleSectionContext ctx) {
        var kind = ctx.kind.getType() == LocusLexer.OUTPUT ? RuleSection.Kind.OUTPUT : RuleSection.Kind.HIDDEN;
        return new RuleSection(span(ctx), kind, ctx.ruleStmt().stream().map(this::ruleStmt).toList());
    }

    private RuleStmt ruleStmt(final LocusParser.RuleStmtContext ctx) {
        if (ctx instanceof LocusParser.FixedStmtContext f) {
            return new RuleStmt.Fixed(span(f), name(f.name), expr(f.expr()));
        }
        if (ctx instanceof LocusParser.LearnedStmtContext l) {
            return new RuleStmt.Learned(span(l), name(l.name), expr(l.expr()));
        }
        if (ctx instanceof LocusParser.LetStmtContext l) {
            return new RuleStmt.Let(span(l), name(l.name), expr(l.expr()));
        }
        if (ctx instanceof LocusParser.MinimizeStmtContext m) {
            return new RuleStmt.Minimize(span(m), expr(m.expr()));
        }
        var p = (LocusParser.PropagateStmtContext) ctx;
        return new RuleStmt.Propagate(span(p), args(p.argList()));
    }

    private TrainSetting setting(final LocusParser.TrainStmtContext ctx) {
        if (ctx instanceof LocusParser.CallSettingContext c) {
            Name callee = name(c.callee);
            Expr value = c.LPAREN() == null ? new Expr.Ref(callee.span(), callee.text())
                    : new Expr.Call(span(c.callee).to(span(c.RPAREN().getSymbol())), callee, args(c.argList()));
            return new TrainSetting(span(c), name(c.key), value);
        }
        var v = (LocusParser.ValueSettingContext) ctx;
        return new TrainSetting(span(v), name(v.key), expr(v.expr()));
    }

    // ------------------------------------------------------------ expressions

    private List<Arg> args(final LocusParser.ArgListContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        return ctx.arg().stream()
                .map(a -> {
                    if (a.eq != null) {
                        String value = file.text().substring(span(a.expr()).start(), span(a.expr()).end());
                        diagnostics.error(Code.SYNTAX, span(a.eq), "a named argument takes `:`, not `=`: write `"
                                + a.argName().getText() + ": " + value + "`");
                    }
                    return new Arg(span(a), a.argName() == null ? null : name(a.argName().getStart()), expr(a.expr()));
                })
                .toList();
    }

    private Expr expr(final LocusParser.ExprContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof LocusParser.FieldExprContext f) {
            return new Expr.Field(span, expr(f.expr()), name(f.field.getStart()));
        }
        if (ctx instanceof LocusParser.NegExprContext n) {
            return new Expr.Neg(span, expr(n.expr()));
        }
        if (ctx instanceof LocusParser.BinaryExprContext b) {
            return new Expr.Binary(span, binaryOp(b.op), expr(b.expr(0)), expr(b.expr(1)));
        }
        if (ctx instanceof LocusParser.CallExprContext c) {
            return new Expr.Call(span, name(c.callee), args(c.argList()));
        }
        if (ctx instanceof LocusParser.ParenExprContext p) {
            return expr(p.expr());
        }
        if (ctx instanceof LocusParser.NumberExprContext n) {
            return number(span, n.NUMBER().getText());
        }
        if (ctx instanceof LocusParser.StringExprContext s) {
            return new Expr.Str(span, string(s.STRING().getSymbol()));
        }
        var r = (LocusParser.NameExprContext) ctx;
        return new Expr.Ref(span, r.name.getText());
    }

    private Expr number(final Span span, final String text) {
        Expr.Number n = new Expr.Number(span, text);
        if (n.isInteger() && new BigInteger(text).compareTo(MAX_LONG) > 0) {
            diagnostics.error(Code.NUMBER_TOO_LARGE, span, "integer " + text + " is too large (at most " + Long.MAX_VALUE + ")");
        } else if (!n.isInteger() && Double.isInfinite(n.doubleValue())) {
            diagnostics.error(Code.NUMBER_TOO_LARGE, span, "number " + text + " is too large for a 64-bit float");
        }
        return n;
    }

    private static Expr.BinaryOp binaryOp(final Token op) {
        return switch (op.getType()) {
            case LocusLexer.AT -> Expr.BinaryOp.MATMUL;
            case LocusLexer.STAR -> Expr.BinaryOp.MUL;
            case LocusLexer.SLASH -> Expr.BinaryOp.DIV;
            case LocusLexer.PLUS -> Expr.BinaryOp.ADD;
            default -> Expr.BinaryOp.SUB;
        };
    }

    /** The value of a string literal (its unknown escapes were reported with the tokens, by {@link SourceParser}). */
    private static String string(final Token t) {
        String raw = t.getText();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------ spans

    private Name name(final Token t) {
        return new Name(span(t), t.getText());
    }

    private Span span(final Token t) {
        return file.span(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private Span span(final ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        int end = stop.getType() == Token.EOF ? file.text().length() : stop.getStopIndex() + 1;
        return file.span(ctx.getStart().getStartIndex(), Math.max(ctx.getStart().getStartIndex(), end));
    }
}
