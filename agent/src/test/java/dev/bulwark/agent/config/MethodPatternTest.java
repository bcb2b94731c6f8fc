package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which methods a methods: rule guards. */
class MethodPatternTest {
    private static final boolean PUBLIC = true;
    private static final boolean PRIVATE = false;

    @Test
    void anExactPatternMatchesThatMethodAtAnyVisibility() {
        MethodPattern p = MethodPattern.parse("com.acme.Orders#place");
        assertTrue(p.matchesMethod("com.acme.Orders", "place", PUBLIC));
        assertTrue(p.matchesMethod("com.acme.Orders", "place", PRIVATE));
        assertFalse(p.matchesMethod("com.acme.Orders", "placeAll", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.Orders", "replace", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.OrdersV2", "place", PUBLIC));
        assertFalse(p.matchesMethod("com.acmeXOrders", "place", PUBLIC));
        assertFalse(p.matchesMethod("org.acme.Orders", "place", PUBLIC));
    }

    @Test
    void aClassAloneMeansItsPublicMethodsButEqualsHashCodeAndToString() {
        for (String text : new String[] {"com.acme.Orders", "com.acme.Orders#*"}) {
            MethodPattern p = MethodPattern.parse(text);
            assertTrue(p.matchesMethod("com.acme.Orders", "place", PUBLIC), text);
            assertFalse(p.matchesMethod("com.acme.Orders", "place", PRIVATE), text);
            assertFalse(p.matchesMethod("com.acme.Orders", "equals", PUBLIC), text);
            assertFalse(p.matchesMethod("com.acme.Orders", "hashCode", PUBLIC), text);
            assertFalse(p.matchesMethod("com.acme.Orders", "toString", PUBLIC), text);
            assertTrue(p.matchesMethod("com.acme.Orders", "toStringBuilder", PUBLIC), text);
            assertFalse(p.matchesMethod("com.acme.Orders$Line", "place", PUBLIC), text);
        }
    }

    @Test
    void aMethodFamilyMatchesByNameAtAnyVisibility() {
        MethodPattern p = MethodPattern.parse("com.acme.Orders#get*");
        assertTrue(p.matchesMethod("com.acme.Orders", "get", PUBLIC));
        assertTrue(p.matchesMethod("com.acme.Orders", "getTotal", PUBLIC));
        assertTrue(p.matchesMethod("com.acme.Orders", "getTotal", PRIVATE));
        assertFalse(p.matchesMethod("com.acme.Orders", "isOpen", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.Orders", "forget", PUBLIC));
    }

    @Test
    void onePackageStarMeansTheClassesOfThatPackageOnly() {
        MethodPattern p = MethodPattern.parse("com.acme.*");
        assertTrue(p.matchesClass("com.acme.Orders"));
        assertTrue(p.matchesClass("com.acme.Orders$Line"));
        assertFalse(p.matchesClass("com.acme.billing.Invoices"));
        assertFalse(p.matchesClass("com.acmecorp.Orders"));
        assertFalse(p.matchesClass("com.acme"));
    }

    @Test
    void twoStarsAlsoMeanTheSubPackages() {
        MethodPattern p = MethodPattern.parse("com.acme.**");
        assertTrue(p.matchesClass("com.acme.Orders"));
        assertTrue(p.matchesClass("com.acme.billing.Invoices"));
        assertTrue(p.matchesClass("com.acme.billing.eu.Invoices$Line"));
        assertFalse(p.matchesClass("com.acmecorp.Orders"));
        assertFalse(p.matchesClass("org.acme.Orders"));
    }

    @Test
    void aNestedClassIsNamedWithItsDollar() {
        MethodPattern p = MethodPattern.parse("com.acme.Orders$Line#price");
        assertTrue(p.matchesMethod("com.acme.Orders$Line", "price", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.Orders", "price", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.OrdersXLine", "price", PUBLIC));
    }

    @Test
    void aClassStarMatchesWithinOneName() {
        MethodPattern p = MethodPattern.parse("com.acme.*Client#send");
        assertTrue(p.matchesMethod("com.acme.HttpClient", "send", PUBLIC));
        assertFalse(p.matchesMethod("com.acme.http.HttpClient", "send", PUBLIC));
    }

    @Test
    void specificityRanksExactOverFamilyOverClassOverPackage() {
        assertEquals(6, MethodPattern.parse("com.acme.Orders#place").specificity());
        assertEquals(4, MethodPattern.parse("com.acme.*#place").specificity());
        assertEquals(3, MethodPattern.parse("com.acme.Orders#get*").specificity());
        assertEquals(2, MethodPattern.parse("com.acme.Orders").specificity());
        assertEquals(2, MethodPattern.parse("com.acme.Orders#*").specificity());
        assertEquals(0, MethodPattern.parse("com.acme.**").specificity());
    }

    @Test
    void surroundingSpaceIsIgnored() {
        assertEquals("com.acme.Orders#place", MethodPattern.parse("  com.acme.Orders#place ").text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "#place", "com.acme.Orders#", "com..acme.Orders", ".com.acme.Orders",
            "com.acme.", "com.acme.***", "com.acme.Orders#get**", "com/acme/Orders", "com.acme.Orders#place()",
            "com.acme.Orders#a#b", "com.acme.Orders#pl.ace", "com acme", "com.acme.Orders#<init>"})
    void aMalformedPatternSaysWhatAPatternMayLookLike(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(text));
        assertEquals("'" + text + "' is not a method pattern; allowed: a class or package pattern with an optional "
                + "#method, such as com.acme.Orders#place, com.acme.Orders#get*, com.acme.Orders, com.acme.* or "
                + "com.acme.**", e.getMessage());
    }

    @Test
    void noPatternAtAllIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(null));
    }
}
