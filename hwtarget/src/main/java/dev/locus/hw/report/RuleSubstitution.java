package dev.locus.hw.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same program under another rule: the text of the program with the {@code rule} line of each
 * train block replaced. Working on the text keeps the report out of the checker and the AST: the
 * new program goes through the whole compiler, and a rule that does not fit the network is an
 * ordinary diagnostic.
 */
public final class RuleSubstitution {
    private static final Pattern TRAIN = Pattern.compile("(?m)^\\s*train\\s+\\w+\\s*\\{");
    private static final Pattern RULE_LINE = Pattern.compile("(?m)^(\\s*)rule(\\s+)[^\\n]*?(\\s*//[^\\n]*)?$");

    private RuleSubstitution() {
    }

    /** {@code source} with every train block's rule replaced by {@code rule} (as written after `rule`). */
    public static String apply(final String source, final String rule) {
        StringBuilder out = new StringBuilder();
        Matcher train = TRAIN.matcher(source);
        int done = 0;
        while (train.find(done)) {
            int open = train.end() - 1;
            int close = matching(source, open);
            out.append(source, done, open);
            Matcher line = RULE_LINE.matcher(source.substring(open, close));
            StringBuilder block = new StringBuilder();
            while (line.find()) {
                line.appendReplacement(block, Matcher.quoteReplacement(line.group(1) + "rule" + line.group(2) + rule
                        + (line.group(3) == null ? "" : line.group(3))));
            }
            line.appendTail(block);
            out.append(block);
            done = close;
        }
        return out.append(source.substring(done)).toString();
    }

    /** The rules of a --rules list: split at the commas outside parentheses. */
    public static List<String> split(final String list) {
        List<String> rules = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == ',' && depth == 0) {
                rules.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            current.append(c);
        }
        rules.add(current.toString().trim());
        return rules;
    }

    /** The name of a rule as written ({@code local_error} of {@code local_error(scale: 2.0)}). */
    public static String name(final String rule) {
        int paren = rule.indexOf('(');
        return (paren < 0 ? rule : rule.substring(0, paren)).trim();
    }

    private static int matching(final String s, final int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return s.length();
    }
}
