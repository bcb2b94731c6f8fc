package dev.bulwark.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.annotations.TimeoutExceededException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What counts against a server: I/O errors, timeouts and failure statuses; not the caller's own mistakes. */
class HttpFailuresTest {
    private static final HttpSite SITE = new HttpSite("api:443", 0);
    private static final ServerRules RULES = ServerRules.defaults();

    @Test
    void ioErrorsAndTimeoutsAreFailures() {
        ConnectException refused = new ConnectException("refused");
        assertSame(refused, HttpGuards.failureOf(SITE, refused, 0, RULES));
        TimeoutExceededException late = new TimeoutExceededException("api:443", "api:443", Duration.ofSeconds(1));
        assertSame(late, HttpGuards.failureOf(SITE, late, 0, RULES));
    }

    @Test
    void anInterruptOrABadRequestIsNotTheServersFault() {
        assertNull(HttpGuards.failureOf(SITE, new InterruptedException(), 0, RULES));
        assertNull(HttpGuards.failureOf(SITE, new IllegalArgumentException("bad URI"), 0, RULES));
    }

    @Test
    void serverErrorsAndTooManyRequestsAreFailuresOtherClientErrorsAreNot() {
        Throwable failure = HttpGuards.failureOf(SITE, null, 503, RULES);
        assertTrue(failure instanceof HttpStatusFailure);
        assertEquals("HTTP 503 from api:443", failure.getMessage());
        assertTrue(failure instanceof IOException);
        assertTrue(HttpGuards.failureOf(SITE, null, 429, RULES) instanceof HttpStatusFailure);
        assertNull(HttpGuards.failureOf(SITE, null, 404, RULES));
        assertNull(HttpGuards.failureOf(SITE, null, 200, RULES));
    }

    @Test
    void onlyIdempotentMethodsAreRetriedByDefault() {
        for (String m : Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE")) {
            assertTrue(RULES.mayRetry(m), m);
        }
        assertFalse(RULES.mayRetry("POST"));
        assertFalse(RULES.mayRetry("PATCH"));
        assertFalse(RULES.mayRetry(null));
    }
}
