package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.OpCall;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The program's blocks, checked once on their own: parameter names, ops that exist, and no
 * recursion. Blocks found broken here are not expanded again, so their errors are said once.
 */
final class BlockTable {
    private final Map<String, Decl.Block> blocks = new LinkedHashMap<>();
    private final Set<String> broken = new HashSet<>();

    BlockTable(final Iterable<Decl> decls, final Diagnostics diagnostics) {
        for (Decl d : decls) {
            if (d instanceof Decl.Block b) {
                if (BuiltinOps.isBuiltin(b.name().text())) {
                    diagnostics.error(Code.DUPLICATE_NAME, b.name().span(), "`" + b.name().text()
                            + "` is a built-in op; choose another name for the block");
                    continue;
                }
                blocks.put(b.name().text(), b);
            }
        }
        for (Decl.Block b : blocks.values()) {
            checkParams(b, diagnostics);
            for (OpCall op : b.pipeline()) {
                String name = op.name().text();
                if (!BuiltinOps.isBuiltin(name) && !blocks.containsKey(name)) {
                    diagnostics.error(Code.UNKNOWN_OP, op.name().span(), "unknown op `" + name + "`"
                            + Names.suggestion(name, opNames()));
                    broken.add(b.name().text());
                }
            }
        }
        Map<String, Integer> state = new HashMap<>();
        for (String name : blocks.keySet()) {
            findCycle(name, state, new ArrayDeque<>(), diagnostics);
        }
    }

    private void checkParams(final Decl.Block b, final Diagnostics diagnostics) {
        Set<String> seen = new HashSet<>();
        boolean sawDefault = false;
        for (Param p : b.params()) {
            if (!seen.add(p.name().text())) {
                diagnostics.error(Code.DUPLICATE_NAME, p.name().span(), "parameter `" + p.name().text()
                        + "` of block " + b.name().text() + " is declared twice");
                broken.add(b.name().text());
            }
            if (p.defaultValue() != null) {
                sawDefault = true;
            } else if (sawDefault) {
                diagnostics.error(Code.WRONG_ARITY, p.name().span(), "parameter `" + p.name().text() + "` of block "
                        + b.name().text() + " needs a default: it follows a parameter that has one");
                broken.add(b.name().text());
            }
        }
    }

    /** Depth-first search; 1 = on the stack, 2 = done. A block on the stack again closes a cycle. */
    private void findCycle(final String name, final Map<String, Integer> state, final Deque<String> path,
                           final Diagnostics diagnostics) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        state.put(name, 1);
        path.addLast(name);
        for (OpCall op : blocks.get(name).pipeline()) {
            String callee = op.name().text();
            if (!blocks.containsKey(callee)) {
                continue;
            }
            Integer cs = state.get(callee);
            if (cs != null && cs == 1) {
                StringBuilder chain = new StringBuilder();
                boolean in = false;
                for (String p : path) {
                    in |= p.equals(callee);
                    if (in) {
                        chain.append(p).append(" -> ");
                    }
                }
                diagnostics.error(Code.BLOCK_RECURSION, op.name().span(), "block `" + name + "` uses itself: "
                        + chain + callee + "; a block is expanded where it is used, so it cannot recurse");
                for (String p : path) {
                    broken.add(p);
                }
            } else {
                findCycle(callee, state, path, diagnostics);
                if (broken.contains(callee)) {
                    broken.add(name);
                }
            }
        }
        path.removeLast();
        state.put(name, 2);
    }

    Decl.Block get(final String name) {
        return blocks.get(name);
    }

    boolean isBroken(final String name) {
        return broken.contains(name);
    }

    Set<String> opNames() {
        Set<String> all = new HashSet<>(BuiltinOps.names());
        all.addAll(blocks.keySet());
        return all;
    }
}
