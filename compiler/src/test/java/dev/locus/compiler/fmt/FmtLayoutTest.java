package dev.locus.compiler.fmt;

import static dev.locus.compiler.fmt.FmtExamplesTest.format;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical layout, spelled out: what the class comment of {@link Formatter} promises. */
class FmtLayoutTest {

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', value = {
        "a - (b - c)          | a - (b - c)",
        "(a - b) - c          | a - b - c",
        "a / (b / c)          | a / (b / c)",
        "(a @ b) * c          | a @ b * c",
        "a @ (b * c)          | a @ (b * c)",
        "(a + b) @ c          | (a + b) @ c",
        "a * (b + c)          | a * (b + c)",
        "-(a + b)             | -(a + b)",
        "(-a) * b             | -a * b",
        "-(a @ b)             | -(a @ b)",
        "- - a                | --a",
        "a - -b               | a - -b",
        "(-a).b               | (-a).b",
        "-(a.b)               | -a.b",
        "(a + b).out          | (a + b).out",
        "f(a).out.b           | f(a).out.b",
        "((layer.out))        | layer.out",
        "f( x , y : ( 2 ) )   | f(x, y: 2)",
        "g()                  | g()",
        "5e-4+1.0e3*007       | 5e-4 + 1.0e3 * 007",
        "sum(classes, layer)  | sum(classes, layer)",
    })
    void expressionsGetParenthesesOnlyWherePrecedenceNeedsThem(final String written, final String canonical) {
        String rule = "rule r {\n    hidden {\n        minimize %s\n    }\n}\n";
        assertEquals(rule.formatted(canonical), format(rule.formatted(written)));
    }

    @Test
    void stringsAreReEscaped() {
        assertEquals("import \"a\\\"b\\\\c/d\\te\\n\\r\"\n", format("import \"a\\\"b\\\\c\\/d\\te\\n\\r\""));
    }

    @Test
    void aMessyProgramInCanonicalForm() {
        String messy = """
                /* license
                   text */

                import "a.locus"   // shared blocks
                import "b.locus"
                // the block
                block b(n, k=3)=dense(n)->relu()
                block long_one(channels, kernel = 5) = conv2d(channels, kernel: kernel, pad: kernel / 2) -> relu -> maxpool(2)
                network N { // the net
                  classes 10 input image:[1,28,28]  // trailing
                  // before fc
                  layer fc1 from image = flatten -> dense(/* units */ 10)
                  layer a_longer_name=relu
                  output out = dense(classes)
                  // at the end

                }
                rule r(loss=cross_entropy) {
                  hidden { fixed B = uniform(3, classes, 1.0)
                    let z = (-x).y   minimize loss((layer.out) @ B, label) }
                  output { propagate(feedback: random(1.0)) }
                  hidden {}
                }
                train N { data idx(images: "x") rule r() optimizer adam(lr: 5e-4) batch 2 * 64
                  epochs 1 schedule layerwise(epochs: 3) seed 1 }
                network Empty {}


                // end of file""";
        String canonical = """
                /* license
                   text */

                import "a.locus" // shared blocks
                import "b.locus"

                // the block
                block b(n, k = 3) = dense(n) -> relu

                block long_one(channels, kernel = 5) =
                    conv2d(channels, kernel: kernel, pad: kernel / 2) -> relu -> maxpool(2)

                network N { // the net
                    classes 10
                    input  image : [1, 28, 28] // trailing

                    // before fc
                    /* units */
                    layer  fc1 from image = flatten -> dense(10)
                    layer  a_longer_name  = relu
                    output out            = dense(classes)
                    // at the end
                }

                rule r(loss = cross_entropy) {
                    hidden {
                        fixed B = uniform(3, classes, 1.0)
                        let z = (-x).y
                        minimize loss(layer.out @ B, label)
                    }
                    output {
                        propagate(feedback: random(1.0))
                    }
                    hidden {}
                }

                train N {
                    data      idx(images: "x")
                    rule      r()
                    optimizer adam(lr: 5e-4)
                    batch     2 * 64
                    epochs    1
                    schedule  layerwise(epochs: 3)
                    seed      1
                }

                network Empty {}

                // end of file
                """;
        assertEquals(canonical, format(messy));
    }

    @Test
    void carriageReturnsAndTrailingBlanksOfCommentsGo() {
        assertEquals("// note\nnetwork N {}\n", format("// note   \r\nnetwork N {\r\n}\r\n"));
    }

    @Test
    void anEmptyProgramIsEmpty() {
        assertEquals("", format("  \n\n"));
    }
}
