package dev.locus.runtime.kernel;

/**
 * The losses of the language, each against integer class labels (one-hot encoded where the loss
 * compares scores with targets), each summed over the classes of a sample and averaged over the
 * batch. With {@code s} the scores of a sample, {@code y} its label and {@code t} the one-hot target:
 * <ul>
 *   <li>{@code CROSS_ENTROPY}: {@code logsumexp(s) - s[y]} (softmax and log-likelihood in one);</li>
 *   <li>{@code MSE}: {@code sum_c (s_c - t_c)^2};</li>
 *   <li>{@code SQUARE_HINGE}: {@code sum_c max(0, 1 - u_c s_c)^2} with {@code u = 2t - 1} (+1 for the
 *       label, -1 elsewhere);</li>
 *   <li>{@code SMOOTH_L1}: {@code sum_c huber(s_c - t_c)}, {@code huber(d) = d^2 / 2} if {@code |d| < 1},
 *       else {@code |d| - 1/2}.</li>
 * </ul>
 */
public enum Loss {
    CROSS_ENTROPY, MSE, SQUARE_HINGE, SMOOTH_L1
}
