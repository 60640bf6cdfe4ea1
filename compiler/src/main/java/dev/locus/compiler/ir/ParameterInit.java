package dev.locus.compiler.ir;

/**
 * How a parameter starts: {@code kind} is he_uniform, he_normal, xavier_uniform, uniform(parameter
 * = bound), normal(parameter = std), zeros or ones; fan-in and fan-out as PyTorch counts them
 * (dense: in, out; conv2d: in_channels k k, out_channels k k).
 */
public record ParameterInit(String kind, double parameter, int fanIn, int fanOut) {
}
