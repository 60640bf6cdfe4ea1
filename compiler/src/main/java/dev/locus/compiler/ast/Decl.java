package dev.locus.compiler.ast;

import java.util.List;
import dev.locus.compiler.source.Span;

/** A top-level declaration. */
public sealed interface Decl extends Node {
    Name name();

    /** {@code network NAME { ... }}. */
    record Network(Span span, Name name, List<NetworkStmt> body) implements Decl {
        public Network {
            body = List.copyOf(body);
        }
    }

    /** {@code block NAME(params) = PIPELINE}. */
    record Block(Span span, Name name, List<Param> params, List<OpCall> pipeline) implements Decl {
        public Block {
            params = List.copyOf(params);
            pipeline = List.copyOf(pipeline);
        }
    }

    /** {@code rule NAME(params) { hidden {...} output {...} }}. */
    record Rule(Span span, Name name, List<Param> params, List<RuleSection> sections) implements Decl {
        public Rule {
            params = List.copyOf(params);
            sections = List.copyOf(sections);
        }
    }

    /** {@code train NETWORK { settings }}; its name is the network's. */
    record Train(Span span, Name name, List<TrainSetting> settings) implements Decl {
        public Train {
            settings = List.copyOf(settings);
        }
    }
}
