package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings given as system properties and environment variables, turned into the file's key paths. */
class OverridesTest {
    private static final String SECTIONS = "DEFAULTS, CIRCUIT_BREAKERS, RETRIES, BULKHEADS, RATE_LIMITERS, TIMEOUTS, METHODS, JDBC, HTTP, "
            + "MESSAGING, TELEMETRY, ENVIRONMENTS";

    @TempDir
    Path dir;

    private static List<List<String>> known(String... paths) {
        List<List<String>> known = new ArrayList<>();
        for (String p : paths) {
            known.add(List.of(p.split("\\|")));
        }
        return known;
    }

    /** The key path one variable names, given the key paths the file defines. */
    private static List<String> variable(String name, List<List<String>> known) {
        List<ConfigError> errors = new ArrayList<>();
        List<Setting> settings = Overrides.fromEnvironment(Map.of(name, "1"), known, errors);
        assertEquals(List.of(), errors);
        assertEquals(1, settings.size());
        assertEquals(Origin.environmentVariable(name), settings.get(0).origin());
        return settings.get(0).path();
    }

    private static List<String> variableErrors(String name, List<List<String>> known) {
        List<ConfigError> errors = new ArrayList<>();
        assertEquals(List.of(), Overrides.fromEnvironment(Map.of(name, "1"), known, errors));
        return errors.stream().map(ConfigError::toString).toList();
    }

    // System properties

    @Test
    void aPropertySplitsIntoSectionNameAndAttribute() {
        assertEquals(List.of("circuit-breakers", "payments", "failure-rate-threshold"),
                Overrides.splitProperty("circuit-breakers.payments.failure-rate-threshold"));
        assertEquals(List.of("defaults", "retry", "max-attempts"), Overrides.splitProperty("defaults.retry.max-attempts"));
        assertEquals(List.of("jdbc", "enabled"), Overrides.splitProperty("jdbc.enabled"));
    }

    @Test
    void aPolicyNameMayHoldDots() {
        assertEquals(List.of("circuit-breakers", "eu.payments", "failure-rate-threshold"),
                Overrides.splitProperty("circuit-breakers.eu.payments.failure-rate-threshold"));
    }

    @Test
    void aPropertyWithoutAnAttributeNamesThePolicy() {
        assertEquals(List.of("retries", "payments"), Overrides.splitProperty("retries.payments"));
        assertEquals(List.of("retries"), Overrides.splitProperty("retries"));
    }

    @Test
    void aMethodPatternWithDotsAndHashSplitsFromTheRight() {
        assertEquals(List.of("methods", "com.acme.Orders#place", "retry", "max-attempts"),
                Overrides.splitProperty("methods.com.acme.Orders#place.retry.max-attempts"));
        assertEquals(List.of("methods", "com.acme.Outer$Inner#get*", "bulkhead", "max-concurrent-calls"),
                Overrides.splitProperty("methods.com.acme.Outer$Inner#get*.bulkhead.max-concurrent-calls"));
        assertEquals(List.of("methods", "com.acme.**", "circuit-breaker", "sliding-window-size"),
                Overrides.splitProperty("methods.com.acme.**.circuit-breaker.sliding-window-size"));
    }

    @Test
    void aMethodPropertyEndingInAPolicyIsAReference() {
        assertEquals(List.of("methods", "com.acme.Orders#place", "retry"),
                Overrides.splitProperty("methods.com.acme.Orders#place.retry"));
        assertEquals(List.of("methods", "com.acme.Orders", "circuit-breaker"),
                Overrides.splitProperty("methods.com.acme.Orders.circuit-breaker"));
    }

    @Test
    void aReferenceAndAnAttributeFromPropertiesReachTheRules() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "retries:\n  payments: {}\n");
        Properties p = new Properties();
        p.setProperty("bulwark.methods.com.acme.Orders#place.retry", "payments");
        p.setProperty("bulwark.methods.com.acme.Orders#place.bulkhead.max-concurrent-calls", "7");
        Loader.Result result = Loader.load(file, null, null, Map.of(), p);
        assertEquals(List.of(), result.errors());
        MethodRule rule = result.rules().methodRules().get(0);
        assertEquals("com.acme.Orders#place", rule.pattern().text());
        assertEquals(Map.of(PolicyType.RETRY, "payments"), rule.references());
        assertEquals(7, rule.settings().get(PolicyType.BULKHEAD).get("maxConcurrentCalls").value());
    }

    @Test
    void onlyBulwarkPropertiesAreRead() {
        Properties p = new Properties();
        p.setProperty("java.version", "17");
        p.setProperty("bulwarkish.retries.x.max-attempts", "2");
        List<ConfigError> errors = new ArrayList<>();
        assertEquals(List.of(), Overrides.fromSystemProperties(p, errors));
        assertEquals(List.of(), errors);
    }

    @Test
    void theAgentsOwnPropertiesAreNotRules() {
        Properties p = new Properties();
        for (String key : List.of("config", "environment", "config.strict", "config.reload-interval", "debug")) {
            p.setProperty("bulwark." + key, "x");
        }
        List<ConfigError> errors = new ArrayList<>();
        assertEquals(List.of(), Overrides.fromSystemProperties(p, errors));
        assertEquals(List.of(), errors);
    }

    @Test
    void aPropertyThatNamesNoSettingSaysHowToWriteOne() {
        Properties p = new Properties();
        p.setProperty("bulwark.", "5");
        List<ConfigError> errors = new ArrayList<>();
        Overrides.fromSystemProperties(p, errors);
        assertEquals(List.of("system property bulwark.: does not name a Bulwark setting; write it as bulwark.<key path>, "
                + "such as bulwark.retries.payments.max-attempts"), errors.stream().map(ConfigError::toString).toList());
    }

    @Test
    void aPropertyWithAnUnknownSectionIsNamedWithASuggestion() {
        Properties p = new Properties();
        p.setProperty("bulwark.retrys.payments.max-attempts", "5");
        Loader.Result result = Loader.load(null, null, null, Map.of(), p);
        assertEquals(List.of("system property bulwark.retrys.payments.max-attempts: unknown key 'retrys' at the top "
                + "level. Did you mean 'retries'? Allowed: defaults, circuit-breakers, retries, bulkheads, rate-limiters,"
                + " timeouts, methods, jdbc, http, messaging, telemetry, environments"), MalformedConfigCorpusTest.strings(result));
    }

    // Environment variables

    @Test
    void aVariableMapsOntoThePolicyTheFileDefines() {
        assertEquals(List.of("circuit-breakers", "payments", "failure-rate-threshold"),
                variable("BULWARK_CIRCUIT_BREAKERS_PAYMENTS_FAILURE_RATE_THRESHOLD",
                        known("circuit-breakers|payments|sliding-window-size")));
    }

    @Test
    void aHyphenatedNameIsRecoveredFromTheFile() {
        assertEquals(List.of("retries", "order-service", "max-attempts"),
                variable("BULWARK_RETRIES_ORDER_SERVICE_MAX_ATTEMPTS", known("retries|order-service")));
    }

    @Test
    void aNameIsSpelledAsTheFileSpellsIt() {
        assertEquals(List.of("retries", "order_service", "max-attempts"),
                variable("BULWARK_RETRIES_ORDER_SERVICE_MAX_ATTEMPTS", known("retries|order_service|max-attempts")));
        assertEquals(List.of("bulkheads", "orderService", "max-concurrent-calls"),
                variable("BULWARK_BULKHEADS_ORDERSERVICE_MAX_CONCURRENT_CALLS", known("bulkheads|orderService")));
    }

    @Test
    void aNameTheFileDoesNotDefineIsReadInLowerCaseWithHyphens() {
        assertEquals(List.of("retries", "order-service", "max-attempts"),
                variable("BULWARK_RETRIES_ORDER_SERVICE_MAX_ATTEMPTS", known()));
    }

    @Test
    void anAttributeThatEndsLikeAnotherIsReadWhole() {
        assertEquals(List.of("retries", "payments", "max-wait-duration"),
                variable("BULWARK_RETRIES_PAYMENTS_MAX_WAIT_DURATION", known("retries|payments")));
        assertEquals(List.of("retries", "payments", "max-wait-duration"),
                variable("BULWARK_RETRIES_PAYMENTS_MAX_WAIT_DURATION", known()));
        assertEquals(List.of("retries", "payments", "wait-duration"),
                variable("BULWARK_RETRIES_PAYMENTS_WAIT_DURATION", known("retries|payments")));
    }

    @Test
    void aPolicyOfTheFileWinsWhereTheSplitIsAmbiguous() {
        assertEquals(List.of("retries", "payments-max", "wait-duration"),
                variable("BULWARK_RETRIES_PAYMENTS_MAX_WAIT_DURATION", known("retries|payments-max")));
    }

    @Test
    void aVariableOverridesTheFilesValueOfTheRecoveredName() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, "circuit-breakers:\n  order-service:\n    failure-rate-threshold: 50\n");
        Loader.Result result = Loader.load(file, null, null,
                Map.of("BULWARK_CIRCUIT_BREAKERS_ORDER_SERVICE_FAILURE_RATE_THRESHOLD", "20"), new Properties());
        assertEquals(List.of(), result.errors());
        assertEquals(Map.of("failureRateThreshold", 20.0),
                result.rules().instanceValues(PolicyType.CIRCUIT_BREAKER, "order-service"));
    }

    @Test
    void aVariableMayNameAPatternOfTheFileOrOfItsOverlays() {
        assertEquals(List.of("methods", "com.acme.Orders#place", "retry", "max-attempts"),
                variable("BULWARK_METHODS_COM_ACME_ORDERS_PLACE_RETRY_MAX_ATTEMPTS",
                        known("methods|com.acme.Orders#place|retry")));
        assertEquals(List.of("methods", "com.acme.Orders#place", "retry"),
                variable("BULWARK_METHODS_COM_ACME_ORDERS_PLACE_RETRY", known("methods|com.acme.Orders#place|bulkhead")));
        assertEquals(List.of("methods", "com.acme.Orders#get*", "bulkhead", "max-wait-duration"),
                variable("BULWARK_METHODS_COM_ACME_ORDERS_GET__BULKHEAD_MAX_WAIT_DURATION",
                        known("methods|com.acme.Orders#get*|bulkhead")));
    }

    @Test
    void aPatternTheFileDoesNotDefineCannotBeSpelledByAVariable() {
        assertEquals(List.of("environment variable BULWARK_METHODS_COM_ACME_ORDERS_PLACE_RETRY_MAX_ATTEMPTS: names no "
                + "method pattern of the file (an environment variable cannot spell dots and #); set it with a system "
                + "property, such as -Dbulwark.methods.com.acme.Orders#place.retry.max-attempts=5"),
                variableErrors("BULWARK_METHODS_COM_ACME_ORDERS_PLACE_RETRY_MAX_ATTEMPTS",
                        known("methods|com.acme.Orders#cancel|retry")));
    }

    @Test
    void aVariableForDefaultsAndTargetsSplitsByTheirKeys() {
        assertEquals(List.of("defaults", "circuit-breaker", "sliding-window-size"),
                variable("BULWARK_DEFAULTS_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE", known()));
        assertEquals(List.of("defaults", "retry", "max-attempts"), variable("BULWARK_DEFAULTS_RETRY_MAX_ATTEMPTS", known()));
        assertEquals(List.of("jdbc", "enabled"), variable("BULWARK_JDBC_ENABLED", known()));
    }

    @Test
    void aVariableForJdbcSplitsByItsKeys() {
        assertEquals(List.of("jdbc", "statement-timeout"), variable("BULWARK_JDBC_STATEMENT_TIMEOUT", known()));
        assertEquals(List.of("jdbc", "retry-sql-states"), variable("BULWARK_JDBC_RETRY_SQL_STATES", known()));
        assertEquals(List.of("jdbc", "pool", "max-size"), variable("BULWARK_JDBC_POOL_MAX_SIZE", known()));
        assertEquals(List.of("jdbc", "pool", "leak-detection-threshold"),
                variable("BULWARK_JDBC_POOL_LEAK_DETECTION_THRESHOLD", known()));
        assertEquals(List.of("jdbc", "defaults", "retry", "max-attempts"),
                variable("BULWARK_JDBC_DEFAULTS_RETRY_MAX_ATTEMPTS", known()));
        assertEquals(List.of("jdbc", "defaults", "bulkhead", "max-wait-duration"),
                variable("BULWARK_JDBC_DEFAULTS_BULKHEAD_MAX_WAIT_DURATION", known()));
    }

    @Test
    void aVariableMayNameADatabasePatternOfTheFile() {
        assertEquals(List.of("jdbc", "databases", "jdbc:postgresql://db1.internal:5432/*", "circuit-breaker",
                "failure-rate-threshold"), variable("BULWARK_JDBC_DATABASES_JDBC_POSTGRESQL___DB1_INTERNAL_5432___"
                        + "CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD",
                        known("jdbc|databases|jdbc:postgresql://db1.internal:5432/*|retry|max-attempts")));
    }

    @Test
    void aDatabasePatternTheFileDoesNotDefineCannotBeSpelledByAVariable() {
        assertEquals(List.of("environment variable BULWARK_JDBC_DATABASES_JDBC_H2_MEM_ORDERS_RETRY_MAX_ATTEMPTS: names "
                + "no database pattern of the file: JDBC_H2_MEM_ORDERS is none of JDBC_H2_MEM_TEST (jdbc:h2:mem:test). "
                + "An environment variable can only name a database pattern the file defines, since it cannot spell "
                + "dots, colons or *; set it with a system property, such as "
                + "-Dbulwark.jdbc.databases.jdbc:postgresql://db1:5432/orders.retry.max-attempts=5"),
                variableErrors("BULWARK_JDBC_DATABASES_JDBC_H2_MEM_ORDERS_RETRY_MAX_ATTEMPTS",
                        known("jdbc|databases|jdbc:h2:mem:test|retry")));
    }

    @Test
    void aVariableForHttpSplitsByItsKeys() {
        assertEquals(List.of("http", "enabled"), variable("BULWARK_HTTP_ENABLED", known()));
        assertEquals(List.of("http", "failure-status-codes"), variable("BULWARK_HTTP_FAILURE_STATUS_CODES", known()));
        assertEquals(List.of("http", "retry-methods"), variable("BULWARK_HTTP_RETRY_METHODS", known()));
        assertEquals(List.of("http", "defaults", "timeout", "duration"),
                variable("BULWARK_HTTP_DEFAULTS_TIMEOUT_DURATION", known()));
        assertEquals(List.of("http", "defaults", "rate-limiter", "timeout-duration"),
                variable("BULWARK_HTTP_DEFAULTS_RATE_LIMITER_TIMEOUT_DURATION", known()));
    }

    @Test
    void aVariableMayNameAHostPatternOfTheFile() {
        assertEquals(List.of("http", "hosts", "payments", "retry", "max-attempts"),
                variable("BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS", known("http|hosts|payments|timeout")));
        assertEquals(List.of("http", "hosts", "*.example.com:443", "retry-methods"),
                variable("BULWARK_HTTP_HOSTS___EXAMPLE_COM_443_RETRY_METHODS",
                        known("http|hosts|*.example.com:443|bulkhead|max-concurrent-calls")));
        assertEquals(List.of("http", "hosts", "api.example.com", "circuit-breaker", "wait-duration-in-open-state"),
                variable("BULWARK_HTTP_HOSTS_API_EXAMPLE_COM_CIRCUIT_BREAKER_WAIT_DURATION_IN_OPEN_STATE",
                        known("environments|production|http|hosts|api.example.com", "http|hosts|api.example.com")));
    }

    @Test
    void aHostOfTheFileDecidesWhereItsNameEnds() {
        assertEquals(List.of("http", "hosts", "payments", "rate-limiter", "timeout-duration"),
                variable("BULWARK_HTTP_HOSTS_PAYMENTS_RATE_LIMITER_TIMEOUT_DURATION", known("http|hosts|payments")));
        assertEquals(List.of("http", "hosts", "payments-rate-limiter", "timeout", "duration"),
                variable("BULWARK_HTTP_HOSTS_PAYMENTS_RATE_LIMITER_TIMEOUT_DURATION",
                        known("http|hosts|payments-rate-limiter")));
    }

    @Test
    void twoHostsOfTheFileThatFitAreAmbiguous() {
        assertEquals(List.of("environment variable BULWARK_HTTP_HOSTS_PAYMENTS_RATE_LIMITER_TIMEOUT_DURATION: is "
                + "ambiguous: it may mean http.hosts.payments.rate-limiter.timeout-duration or "
                + "http.hosts.payments-rate-limiter.timeout.duration, all defined in the file; set it with a system "
                + "property instead, such as -Dbulwark.http.hosts.payments.rate-limiter.timeout-duration=..."),
                variableErrors("BULWARK_HTTP_HOSTS_PAYMENTS_RATE_LIMITER_TIMEOUT_DURATION",
                        known("http|hosts|payments", "http|hosts|payments-rate-limiter")));
        assertEquals(1, variableErrors("BULWARK_HTTP_HOSTS_A_B_RETRY_MAX_ATTEMPTS",
                known("http|hosts|a.b", "http|hosts|a-b")).size());
    }

    @Test
    void aHostTheFileDoesNotDefineCannotBeSpelledByAVariable() {
        assertEquals(List.of("environment variable BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS: names no host "
                + "pattern of the file: PAYMENTS is none of them (the file defines none). An environment variable can "
                + "only name a host pattern the file defines, since it cannot spell dots, colons or *; set it with a "
                + "system property, such as -Dbulwark.http.hosts.api.example.com.retry.max-attempts=5"),
                variableErrors("BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS", known("retries|payments")));
    }

    @Test
    void aVariableMayNameAServiceOfTheFileOrANewOne() {
        assertEquals(List.of("http", "services", "order_api", "endpoints"),
                variable("BULWARK_HTTP_SERVICES_ORDER_API_ENDPOINTS", known("http|services|order_api|strategy")));
        assertEquals(List.of("http", "services", "order-api", "health-check", "path"),
                variable("BULWARK_HTTP_SERVICES_ORDER_API_HEALTH_CHECK_PATH", known()));
        assertEquals(List.of("http", "services", "orders", "outlier-ejection", "max-ejected-percent"),
                variable("BULWARK_HTTP_SERVICES_ORDERS_OUTLIER_EJECTION_MAX_EJECTED_PERCENT", known()));
    }

    @Test
    void anHttpVariableThatFitsNoKeySaysWhatIsAllowed() {
        assertEquals(List.of("environment variable BULWARK_HTTP_ROUTES_ORDERS: does not name a "
                + "setting of http. Allowed after BULWARK_HTTP_: ENABLED, FAILURE_STATUS_CODES, RETRY_METHODS, "
                + "DEFAULTS_<POLICY>_<SETTING>, HOSTS_<HOST>_<POLICY>_<SETTING>, HOSTS_<HOST>_FAILURE_STATUS_CODES, "
                + "HOSTS_<HOST>_RETRY_METHODS, SERVICES_<SERVICE>_ENDPOINTS, SERVICES_<SERVICE>_STRATEGY, "
                + "SERVICES_<SERVICE>_OUTLIER_EJECTION_<SETTING>, SERVICES_<SERVICE>_HEALTH_CHECK_<SETTING>; "
                + "<POLICY>_<SETTING> is a policy and one of its settings, such as RETRY_MAX_ATTEMPTS"),
                variableErrors("BULWARK_HTTP_ROUTES_ORDERS", known()));
        assertEquals(List.of("environment variable BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATEMPTS: does not name a "
                + "setting of http. Did you mean 'HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS'? Allowed after BULWARK_HTTP_: "
                + "HOSTS_<HOST>_<POLICY>_<SETTING>, HOSTS_<HOST>_FAILURE_STATUS_CODES, HOSTS_<HOST>_RETRY_METHODS; "
                + "<POLICY>_<SETTING> is a policy and one of its settings, such as RETRY_MAX_ATTEMPTS"),
                variableErrors("BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATEMPTS", known("http|hosts|payments")));
        // A bulkhead is not a policy of a queue: the form does not exist.
        assertEquals(1, variableErrors("BULWARK_MESSAGING_RABBITMQ_DEFAULTS_BULKHEAD_MAX_CONCURRENT_CALLS", known())
                .size());
    }

    @Test
    void aVariableForMessagingSplitsByItsKeysAndQueuesOfTheFile() {
        assertEquals(List.of("messaging", "enabled"), variable("BULWARK_MESSAGING_ENABLED", known()));
        assertEquals(List.of("messaging", "rabbitmq", "all-queues"),
                variable("BULWARK_MESSAGING_RABBITMQ_ALL_QUEUES", known()));
        assertEquals(List.of("messaging", "rabbitmq", "defaults", "retry", "max-attempts"),
                variable("BULWARK_MESSAGING_RABBITMQ_DEFAULTS_RETRY_MAX_ATTEMPTS", known()));
        assertEquals(List.of("messaging", "rabbitmq", "queues", "orders.created", "circuit-breaker",
                "failure-rate-threshold"), variable("BULWARK_MESSAGING_RABBITMQ_QUEUES_ORDERS_CREATED_CIRCUIT_BREAKER_"
                        + "FAILURE_RATE_THRESHOLD", known("messaging|rabbitmq|queues|orders.created|retry")));
        assertEquals(List.of("environment variable BULWARK_MESSAGING_RABBITMQ_QUEUES_ORDERS_RETRY_MAX_ATTEMPTS: names "
                + "no queue of the file: ORDERS is none of ORDERS_CREATED (orders.created). An environment variable "
                + "can only name a queue the file defines, since it cannot spell dots, colons or *; set it with a "
                + "system property, such as -Dbulwark.messaging.rabbitmq.queues.orders.created.retry.max-attempts=5"),
                variableErrors("BULWARK_MESSAGING_RABBITMQ_QUEUES_ORDERS_RETRY_MAX_ATTEMPTS",
                        known("messaging|rabbitmq|queues|orders.created|retry")));
    }

    @Test
    void aVariableForTelemetrySplitsByItsKeys() {
        assertEquals(List.of("telemetry", "export-interval"), variable("BULWARK_TELEMETRY_EXPORT_INTERVAL", known()));
        assertEquals(List.of("telemetry", "health-port"), variable("BULWARK_TELEMETRY_HEALTH_PORT", known()));
        assertEquals(List.of("environment variable BULWARK_TELEMETRY_HEALTH: does not name a setting of telemetry. "
                + "Did you mean 'HEALTH_ENDPOINT'? Allowed after BULWARK_TELEMETRY_: <SETTING> (ENABLED, EXPORT_INTERVAL, RUNTIME_METRICS, EVENT_LOGS, "
                + "HEALTH_ENDPOINT, HEALTH_PORT, HEALTH_ADDRESS)"), variableErrors("BULWARK_TELEMETRY_HEALTH", known()));
    }

    @Test
    void nestedVariablesOverrideTheFileEndToEnd() throws IOException {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, """
                jdbc:
                  databases:
                    "jdbc:h2:mem:orders":
                      retry: {max-attempts: 2}
                http:
                  hosts:
                    payments:
                      retry: {max-attempts: 2}
                messaging:
                  rabbitmq:
                    queues:
                      orders.created:
                        retry: {max-attempts: 2}
                """);
        Loader.Result result = Loader.load(file, null, null, Map.of(
                "BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS", "5",
                "BULWARK_HTTP_DEFAULTS_TIMEOUT_DURATION", "2s",
                "BULWARK_JDBC_DATABASES_JDBC_H2_MEM_ORDERS_RETRY_MAX_ATTEMPTS", "6",
                "BULWARK_JDBC_POOL_MAX_SIZE", "7",
                "BULWARK_MESSAGING_RABBITMQ_QUEUES_ORDERS_CREATED_RETRY_MAX_ATTEMPTS", "8"), new Properties());
        assertEquals(List.of(), result.errors());
        Rules rules = result.rules();
        Value hostAttempts = rules.http().hosts().get(0).settings().get(PolicyType.RETRY).get("maxAttempts");
        assertEquals(5, hostAttempts.value());
        assertEquals(Origin.environmentVariable("BULWARK_HTTP_HOSTS_PAYMENTS_RETRY_MAX_ATTEMPTS"), hostAttempts.origin());
        assertEquals(2_000_000_000L, rules.http().defaults().get(PolicyType.TIMEOUT).get("value").value());
        assertEquals(6, rules.jdbc().databases().get(0).settings().get(PolicyType.RETRY).get("maxAttempts").value());
        assertEquals(7, rules.jdbc().pool().maxSize());
        assertEquals(8, rules.rabbit().queues().get("orders.created").get(PolicyType.RETRY).get("maxAttempts").value());
    }

    @Test
    void aPropertyMayNameADatabasePatternOrAQueueWithDots() {
        assertEquals(List.of("jdbc", "databases", "jdbc:postgresql://db1.internal:5432/*", "retry", "max-attempts"),
                Overrides.splitProperty("jdbc.databases.jdbc:postgresql://db1.internal:5432/*.retry.max-attempts"));
        assertEquals(List.of("jdbc", "databases", "jdbc:h2:mem:test", "bulkhead"),
                Overrides.splitProperty("jdbc.databases.jdbc:h2:mem:test.bulkhead"));
        assertEquals(List.of("messaging", "rabbitmq", "queues", "orders.created", "retry", "max-attempts"),
                Overrides.splitProperty("messaging.rabbitmq.queues.orders.created.retry.max-attempts"));
        assertEquals(List.of("http", "services", "orders", "health-check", "path"),
                Overrides.splitProperty("http.services.orders.health-check.path"));
    }

    @Test
    void aVariableOutsideAnySectionIsNamedWithASuggestion() {
        assertEquals(List.of("environment variable BULWARK_RETRYS_PAYMENTS_MAX_ATTEMPTS: does not start with a section "
                + "of bulwark.yaml. Did you mean 'RETRIES'? Allowed after BULWARK_: " + SECTIONS),
                variableErrors("BULWARK_RETRYS_PAYMENTS_MAX_ATTEMPTS", known()));
    }

    @Test
    void aVariableWithoutAnAttributeSaysWhatItShouldEndIn() {
        assertEquals(List.of("environment variable BULWARK_RETRIES_PAYMENTS: does not end in a setting of retries (such "
                + "as _MAX_ATTEMPTS)"), variableErrors("BULWARK_RETRIES_PAYMENTS", known()));
        assertEquals(List.of("environment variable BULWARK_CIRCUIT_BREAKERS_PAYMENTS_WINDOW: does not end in a setting "
                + "of circuit-breakers (such as _SLIDING_WINDOW_TYPE)"),
                variableErrors("BULWARK_CIRCUIT_BREAKERS_PAYMENTS_WINDOW", known()));
    }

    @Test
    void aMethodVariableWithoutAPolicySaysWhatItShouldEndIn() {
        assertEquals(List.of("environment variable BULWARK_METHODS_COM_ACME_ORDERS_PLACE: does not end in a policy "
                + "(_CIRCUIT_BREAKER, _RETRY, _BULKHEAD) or one of its settings"),
                variableErrors("BULWARK_METHODS_COM_ACME_ORDERS_PLACE", known("methods|com.acme.Orders#place|retry")));
    }

    @Test
    void environmentsCannotBeSetFromVariables() {
        assertEquals(List.of("environment variable BULWARK_ENVIRONMENTS_PRODUCTION_RETRIES_X_MAX_ATTEMPTS: environments "
                + "cannot be set from environment variables"),
                variableErrors("BULWARK_ENVIRONMENTS_PRODUCTION_RETRIES_X_MAX_ATTEMPTS", known()));
    }

    @Test
    void theAgentsOwnVariablesAndOtherVariablesAreNotRules() {
        List<ConfigError> errors = new ArrayList<>();
        assertEquals(List.of(), Overrides.fromEnvironment(Map.of("BULWARK_CONFIG", "x", "BULWARK_ENVIRONMENT", "x",
                "BULWARK_CONFIG_STRICT", "x", "BULWARK_CONFIG_RELOAD_INTERVAL", "x", "BULWARK_DEBUG", "x", "PATH", "/bin",
                "BULWARKX_RETRIES", "1"), known(), errors));
        assertEquals(List.of(), errors);
    }

    @Test
    void aKeyIsWrittenInAVariableInUpperCaseWithUnderscores() {
        assertEquals("CIRCUIT_BREAKERS", Overrides.normal("circuit-breakers"));
        assertEquals("COM_ACME_ORDERS_GET_", Overrides.normal("com.acme.Orders#get*"));
    }
}
