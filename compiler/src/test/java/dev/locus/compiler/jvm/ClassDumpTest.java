package dev.locus.compiler.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.LocusException;
import dev.locus.runtime.model.CompiledNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDumpTest {
    @TempDir
    Path dir;

    @Test
    void theDumpHoldsTheClassFileAndItsListingWithSourceLines() throws IOException {
        final GeneratedClass tiny = new TinyDenseEmitter().emit("Tiny");
        final Path classFile = ClassDump.write(dir.resolve("classes"), tiny);
        assertEquals(dir.resolve("classes/Tiny.class"), classFile);
        assertArrayEquals(tiny.bytes(), Files.readAllBytes(classFile));
        final String listing = Files.readString(dir.resolve("classes/Tiny.txt"));
        assertEquals(ClassDump.listing(tiny), listing);
        assertTrue(listing.contains("public final class dev/locus/runtime/model/generated/Tiny extends "
            + "dev/locus/runtime/model/CompiledNetwork {"), listing);
        assertTrue(listing.contains("// compiled from: tiny.locus"), listing);
        assertTrue(listing.contains("LINENUMBER " + TinyDenseEmitter.HIDDEN_LINE + " L"), listing);
        assertTrue(listing.contains("LINENUMBER " + TinyDenseEmitter.OUT_RULE_LINE + " L"), listing);
        assertTrue(listing.contains("INVOKESTATIC dev/locus/runtime/kernel/Sgemm.sgemm (ZZIIIF[FII[FIIF[FII)V"), listing);
        assertTrue(listing.contains("private final [F hidden$weight$adam_m"), listing);
    }

    @Test
    void withADumpFolderTheNetworkRunsFromAPlainClassAndWithoutOneFromAHiddenClass() throws IOException {
        final GeneratedClass tiny = new TinyDenseEmitter().emit("Tiny");
        final CompiledNetwork dumped = ModelClassDefiner.load(tiny, Optional.of(dir));
        assertFalse(dumped.getClass().isHidden());
        assertTrue(Files.exists(dir.resolve("Tiny.class")) && Files.exists(dir.resolve("Tiny.txt")));
        assertTrue(ModelClassDefiner.load(tiny, Optional.empty()).getClass().isHidden());
        final Path file = Files.writeString(dir.resolve("not-a-folder"), "");
        final LocusException e = assertThrows(LocusException.class, () -> ModelClassDefiner.load(tiny, Optional.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": cannot write the class dump there: "), e.getMessage());
    }
}
