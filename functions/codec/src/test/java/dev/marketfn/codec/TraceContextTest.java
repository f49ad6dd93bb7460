package dev.marketfn.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {
    static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void traceIdOfAValidTraceparent() {
        assertThat(TraceContext.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.traceId(TraceContext.child(VALID))).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void noTraceIdOfNoneOrAnInvalidOne() {
        assertThat(TraceContext.traceId(null)).isNull();
        assertThat(TraceContext.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.traceId("not a traceparent at all, though it is long enough to be one")).isNull();
    }
}
