package io.livechat.load.jmh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-escaped variant measures the same work: it must build exactly the server's string. */
class MessageJsonBenchmarkTest {

    @Test
    void handEscapedBuildsTheSameJsonAsMessageJson() {
        assertEquals(new MessageJsonBenchmark().prefixSeqSuffix(),
                new MessageJsonBenchmark().prefixSeqSuffixHandEscaped());
    }

    @Test
    void handEscaperEscapesQuotesBackslashesAndControls() {
        assertEquals("\"a\\\"b\\\\c\\u0009\"", MessageJsonBenchmark.quote(new StringBuilder(), "a\"b\\c\t").toString());
    }
}
