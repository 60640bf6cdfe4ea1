package dev.locus.compiler.jvm;

import dev.locus.runtime.kernel.Activations;
import dev.locus.runtime.kernel.BatchNorm;
import dev.locus.runtime.kernel.ChannelConcat;
import dev.locus.runtime.kernel.Conv2d;
import dev.locus.runtime.kernel.ConvShapes;
import dev.locus.runtime.kernel.Dropout;
import dev.locus.runtime.kernel.Elementwise;
import dev.locus.runtime.kernel.FixedTensors;
import dev.locus.runtime.kernel.Losses;
import dev.locus.runtime.kernel.OneHot;
import dev.locus.runtime.kernel.Optimizers;
import dev.locus.runtime.kernel.PoolShapes;
import dev.locus.runtime.kernel.Pooling;
import dev.locus.runtime.kernel.Reductions;
import dev.locus.runtime.kernel.Sgemm;
import dev.locus.runtime.kernel.Softmax;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.model.StepCounter;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;
import dev.locus.runtime.train.StepStats;

/** The runtime methods generated networks call, looked up once (a changed kernel fails here, at generation). */
final class Kernels {
    private Kernels() {
    }

    static final RuntimeMethod SGEMM = RuntimeMethod.named(Sgemm.class, "sgemm");
    static final RuntimeMethod ACTIVATE_IN_PLACE = RuntimeMethod.named(Activations.class, "forward");
    static final RuntimeMethod ACTIVATE = RuntimeMethod.named(Activations.class, "map");
    static final RuntimeMethod ACTIVATE_BACKWARD = RuntimeMethod.named(Activations.class, "backward");
    static final RuntimeMethod CONV_SHAPES = RuntimeMethod.named(ConvShapes.class, "upTo");
    static final RuntimeMethod CONV_SHAPE = RuntimeMethod.named(ConvShapes.class, "forBatch");
    static final RuntimeMethod CONV_FORWARD = RuntimeMethod.named(Conv2d.class, "forward");
    static final RuntimeMethod CONV_BACKWARD_DATA = RuntimeMethod.named(Conv2d.class, "backwardData");
    static final RuntimeMethod CONV_BACKWARD_WEIGHTS = RuntimeMethod.named(Conv2d.class, "backwardWeights");
    static final RuntimeMethod POOL_SHAPES = RuntimeMethod.named(PoolShapes.class, "upTo");
    static final RuntimeMethod POOL_SHAPE = RuntimeMethod.named(PoolShapes.class, "forBatch");
    static final RuntimeMethod MAX_POOL = RuntimeMethod.named(Pooling.class, "maxValues");
    static final RuntimeMethod MAX_POOL_BACKWARD = RuntimeMethod.named(Pooling.class, "maxBackwardFromInput");
    static final RuntimeMethod AVG_POOL = RuntimeMethod.named(Pooling.class, "averageForward");
    static final RuntimeMethod AVG_POOL_BACKWARD = RuntimeMethod.named(Pooling.class, "averageBackward");
    static final RuntimeMethod CONCAT_PLACE = RuntimeMethod.named(ChannelConcat.class, "place");
    static final RuntimeMethod CONCAT_SLICE = RuntimeMethod.named(ChannelConcat.class, "slice");
    static final RuntimeMethod DROPOUT_MASK = RuntimeMethod.named(Dropout.class, "stepMask");
    static final RuntimeMethod BN_TRAINING = RuntimeMethod.named(BatchNorm.class, "training");
    static final RuntimeMethod BN_INFERENCE = RuntimeMethod.named(BatchNorm.class, "inference");
    static final RuntimeMethod BN_STATISTICS = RuntimeMethod.named(BatchNorm.class, "statistics");
    static final RuntimeMethod BN_BACKWARD = RuntimeMethod.named(BatchNorm.class, "backward");
    static final RuntimeMethod BINARY = RuntimeMethod.named(Elementwise.class, "binary");
    static final RuntimeMethod UNARY = RuntimeMethod.named(Elementwise.class, "unary");
    static final RuntimeMethod UNARY_BACKWARD = RuntimeMethod.named(Elementwise.class, "unaryBackward");
    static final RuntimeMethod FILL = RuntimeMethod.named(Elementwise.class, "fill");
    static final RuntimeMethod SOFTMAX = RuntimeMethod.named(Softmax.class, "softmax");
    static final RuntimeMethod LOG_SOFTMAX = RuntimeMethod.named(Softmax.class, "logSoftmax");
    static final RuntimeMethod SOFTMAX_BACKWARD = RuntimeMethod.named(Softmax.class, "softmaxBackward");
    static final RuntimeMethod LOG_SOFTMAX_BACKWARD = RuntimeMethod.named(Softmax.class, "logSoftmaxBackward");
    static final RuntimeMethod ONE_HOT = RuntimeMethod.named(OneHot.class, "encode");
    static final RuntimeMethod SUM = RuntimeMethod.named(Reductions.class, "sum");
    static final RuntimeMethod MEAN = RuntimeMethod.named(Reductions.class, "mean");
    static final RuntimeMethod SUM_BACKWARD = RuntimeMethod.named(Reductions.class, "sumBackward");
    static final RuntimeMethod MEAN_BACKWARD = RuntimeMethod.named(Reductions.class, "meanBackward");
    static final RuntimeMethod REDUCE_TO = RuntimeMethod.named(Reductions.class, "reduceTo");
    static final RuntimeMethod SUM_PER_CHANNEL = RuntimeMethod.named(Reductions.class, "sumPerChannel");
    static final RuntimeMethod LOSS = RuntimeMethod.named(Losses.class, "evaluate");
    static final RuntimeMethod FIXED_UNIFORM = RuntimeMethod.named(FixedTensors.class, "uniform");
    static final RuntimeMethod FIXED_NORMAL = RuntimeMethod.named(FixedTensors.class, "normal");
    static final RuntimeMethod SIGN_CONCORDANT = RuntimeMethod.named(FixedTensors.class, "signConcordant");
    static final RuntimeMethod COPY = RuntimeMethod.named(FixedTensors.class, "copy");
    static final RuntimeMethod SGD = RuntimeMethod.named(Optimizers.class, "sgd");
    static final RuntimeMethod ADAM = RuntimeMethod.named(Optimizers.class, "adam");
    static final RuntimeMethod ADVANCE = RuntimeMethod.named(StepCounter.class, "advance");
    static final RuntimeMethod STEPS = RuntimeMethod.named(StepCounter.class, "count");
    static final RuntimeMethod REPORT = RuntimeMethod.named(CompiledNetwork.class, "report");
    static final RuntimeMethod RECORD_LOSS = RuntimeMethod.named(StepStats.class, "recordLoss");
    static final RuntimeMethod IS_TRAINABLE = RuntimeMethod.named(CompiledNetwork.class, "isTrainable");
    static final RuntimeMethod IS_TRAINING = RuntimeMethod.named(CompiledNetwork.class, "isTraining");
    static final RuntimeMethod FOR_KEY = RuntimeMethod.named(SeededRandom.class, "forKey");
    static final RuntimeMethod KEY = RuntimeMethod.named(SeededRandom.class, "key");
    static final RuntimeMethod INIT_FILL = RuntimeMethod.named(Initializer.class, "fill");
    static final RuntimeMethod HE_UNIFORM = RuntimeMethod.named(Initializer.class, "heUniform");
    static final RuntimeMethod HE_NORMAL = RuntimeMethod.named(Initializer.class, "heNormal");
    static final RuntimeMethod XAVIER_UNIFORM = RuntimeMethod.named(Initializer.class, "xavierUniform");
    static final RuntimeMethod UNIFORM = RuntimeMethod.named(Initializer.class, "uniform");
    static final RuntimeMethod NORMAL = RuntimeMethod.named(Initializer.class, "normal");
}
