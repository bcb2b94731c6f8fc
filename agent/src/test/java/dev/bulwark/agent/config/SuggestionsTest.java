package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean ...": the closest known word, when it is close enough to be a typo. */
class SuggestionsTest {
    private static final List<String> SECTIONS = Schema.SECTIONS;

    @Test
    void aTypoGetsTheClosestWord() {
        assertEquals("circuit-breakers", Suggestions.closest("circuit-breaker", SECTIONS));
        assertEquals("retries", Suggestions.closest("retires", SECTIONS));
        assertEquals("bulkheads", Suggestions.closest("bulkhead", SECTIONS));
    }

    @Test
    void caseDoesNotCount() {
        assertEquals("retries", Suggestions.closest("RETRIES", SECTIONS));
        assertEquals("RETRIES", Suggestions.closest("retrys", List.of("RETRIES", "METHODS")));
    }

    @Test
    void anAbbreviationGetsTheWordItBegins() {
        assertEquals("production", Suggestions.closest("prod", List.of("staging", "production")));
    }

    @Test
    void aShortPrefixIsNoAbbreviation() {
        assertEquals(null, Suggestions.closest("pr", List.of("staging", "production")));
    }

    @Test
    void aWordFarFromEveryCandidateGetsNoSuggestion() {
        assertEquals(null, Suggestions.closest("throttles", SECTIONS));
        assertEquals(null, Suggestions.closest("anything", List.of()));
    }

    @Test
    void longerWordsAllowMoreEdits() {
        // 18 letters allow 6 edits; 6 letters allow the minimum of 2.
        assertEquals("failure-rate-threshold", Suggestions.closest("failurerate-thresh", List.of("failure-rate-threshold")));
        assertEquals(null, Suggestions.closest("abcdef", List.of("abcxyz")));
        assertEquals("abcdyz", Suggestions.closest("abcdef", List.of("abcdyz")));
    }

    @Test
    void aVeryLongWordIsNotCompared() {
        assertEquals(null, Suggestions.closest("x".repeat(201), List.of("x".repeat(200))));
    }

    @Test
    void didYouMeanIsASentenceOrNothing() {
        assertEquals(" Did you mean 'retries'?", Suggestions.didYouMean("retrys", SECTIONS));
        assertEquals("", Suggestions.didYouMean("throttles", SECTIONS));
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, Suggestions.distance("retry", "retry"));
        assertEquals(1, Suggestions.distance("retry", "retr"));
        assertEquals(1, Suggestions.distance("retry", "retray"));
        assertEquals(1, Suggestions.distance("retry", "rebry"));
        assertEquals(3, Suggestions.distance("", "abc"));
    }
}
