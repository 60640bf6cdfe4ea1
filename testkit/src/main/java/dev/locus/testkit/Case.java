package dev.locus.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * One case a property is checked on: a network (generated, or one the rule's file declares) and
 * the seed its train block gets, which draws its initial weights, its fixed tensors and its data.
 *
 * @param network the generated network, or null for {@code given}
 * @param given   the name of a network the file declares, or null
 * @param batch   the samples in a minibatch
 * @param seed    the train block's seed
 */
record Case(NetworkSpec network, String given, int batch, long seed) {

    boolean generated() {
        return network != null;
    }

    /** Cases one step smaller: a smaller network, or a smaller batch. */
    List<Case> smaller() {
        List<Case> out = new ArrayList<>();
        if (network == null) {
            return out;
        }
        for (NetworkSpec n : network.smaller()) {
            out.add(new Case(n, null, batch, seed));
        }
        if (batch > 2) {
            out.add(new Case(network, null, batch / 2, seed));
        }
        return out;
    }
}
