package dev.locus.compiler.jvm;

import java.util.function.BiConsumer;

/** One-layer networks (4 inputs, 2 classes, batch capacity 8) whose forward body a test writes. */
final class SmallNetworks {
    static final int CAPACITY = 8;

    private SmallNetworks() {
    }

    /** A network named {@code name} from file {@code file}; {@code forward} emits its forward body. */
    static GeneratedClass withForward(final String name, final String file,
                                      final BiConsumer<NetworkClassBuilder, MethodEmitter> forward) {
        final NetworkClassBuilder b = new NetworkClassBuilder(name, file, name, 4, 2, CAPACITY);
        b.layer("only", true, true);
        b.scores(b.buffer("scores", CAPACITY * 2));
        b.initializeParameters();
        b.step();
        forward.accept(b, b.forward());
        return b.finish();
    }
}
