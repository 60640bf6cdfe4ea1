package dev.locus.hw.graph;

import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A node of the dataflow graph: a hardware unit of one layer. It implements the IR ops it lists
 * (every op of the network's blocks belongs to exactly one node), and says how much work they
 * are per sample: matrix-vector products, element-wise operations, generator draws, and, for an
 * update node, the elements it steps once per batch. A memory node lists the values it holds.
 * The folding and the element type are set by the lowering and changed by the folder.
 */
public final class HwNode {
    private final int id;
    private final String name;
    private final int layer;
    private final String layerName;
    private final NodeKind kind;
    private final List<IrOp> ops = new ArrayList<>();
    private final List<MatrixShape> matrices = new ArrayList<>();
    private final List<IrValue> held = new ArrayList<>();
    private long elementsPerSample;
    private long drawsPerSample;
    private long updateElementsPerBatch;
    private long memoryElements;
    private Folding folding = Folding.UNIT;
    private Precision precision;

    HwNode(final int id, final String name, final int layer, final String layerName, final NodeKind kind,
           final Precision precision) {
        this.id = id;
        this.name = name;
        this.layer = layer;
        this.layerName = layerName;
        this.kind = kind;
        this.precision = precision;
    }

    public int id() {
        return id;
    }

    /** Unique in the graph: {@code fc1.mvau}, {@code fc2.gradient.weight}. */
    public String name() {
        return name;
    }

    /** The layer's index, from 0; -1 for the input and label streams, which no layer owns. */
    public int layer() {
        return layer;
    }

    public String layerName() {
        return layerName;
    }

    public NodeKind kind() {
        return kind;
    }

    public Folding folding() {
        return folding;
    }

    public void setFolding(final Folding folding) {
        this.folding = Objects.requireNonNull(folding);
    }

    public Precision precision() {
        return precision;
    }

    public void setPrecision(final Precision precision) {
        this.precision = Objects.requireNonNull(precision);
    }

    /** The IR ops this node implements, in the order they run. */
    public List<IrOp> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** The values a memory node holds (a parameter and its optimizer state; stored activations). */
    public List<IrValue> held() {
        return Collections.unmodifiableList(held);
    }

    /** The matrix-vector products of the node per sample. */
    public List<MatrixShape> matrices() {
        return Collections.unmodifiableList(matrices);
    }

    /** Element-wise operations per sample (outside the matrix products). */
    public long elementsPerSample() {
        return elementsPerSample;
    }

    /** Random draws (32-bit) per sample of a generator. */
    public long drawsPerSample() {
        return drawsPerSample;
    }

    /** Elements an update node steps once per batch. */
    public long updateElementsPerBatch() {
        return updateElementsPerBatch;
    }

    /** The elements a memory node holds. */
    public long memoryElements() {
        return memoryElements;
    }

    /** The bytes a memory node holds at its element type. */
    public long memoryBytes() {
        return memoryElements * precision.bytes();
    }

    /** Where the node comes from in the source: its first op's span; null for nodes with no op. */
    public Span origin() {
        return ops.isEmpty() ? null : ops.get(0).origin();
    }

    /** Multiply-accumulates per sample. */
    public long macsPerSample() {
        return kind == NodeKind.SLIDING_WINDOW ? 0 : matrices.stream().mapToLong(MatrixShape::macs).sum();
    }

    /**
     * Cycles per sample at the node's folding: FINN's (MH/PE)(MW/SIMD)(vectors) for each matrix,
     * plus element-wise work and draws on PE lanes; an update node's per-batch work divided by the
     * batch. Memory nodes take none (their readers' cycles include the accesses).
     */
    public double cyclesPerSample(final int batch) {
        long cycles = 0;
        if (kind == NodeKind.SLIDING_WINDOW) {
            for (MatrixShape m : matrices) {
                cycles += MatrixShape.ceilDiv(m.mw(), folding.simd()) * m.vectors();
            }
            return cycles;
        }
        for (MatrixShape m : matrices) {
            cycles += m.cycles(folding);
        }
        cycles += MatrixShape.ceilDiv(elementsPerSample, folding.pe());
        cycles += MatrixShape.ceilDiv(drawsPerSample, folding.pe());
        return cycles + (double) MatrixShape.ceilDiv(updateElementsPerBatch, folding.pe()) / batch;
    }

    // ---------------------------------------------------------------- built by the lowering

    void addOp(final IrOp op) {
        ops.add(op);
    }

    void addMatrix(final MatrixShape m) {
        matrices.add(m);
    }

    void addElements(final long n) {
        elementsPerSample += n;
    }

    void addDraws(final long n) {
        drawsPerSample += n;
    }

    void addUpdateElements(final long n) {
        updateElementsPerBatch += n;
    }

    void hold(final IrValue v, final long elements) {
        held.add(v);
        memoryElements += elements;
    }

    @Override
    public String toString() {
        return name + " (" + kind.jsonName() + ")";
    }
}
