package dev.locus.compiler.interp;

/** Whether a pass trains (dropout drops, batch norm uses and updates batch statistics) or predicts. */
public enum Mode {
    TRAINING,
    PREDICTING
}
