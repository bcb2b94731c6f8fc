package dev.bulwark.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which file, environment, strictness and reload interval the agent runs with, and from where. */
class AgentSettingsTest {
    private static final String ALLOWED_ARGUMENTS = "Allowed: config=PATH, environment=NAME, strict=true|false, "
            + "reload-interval=DURATION, separated by commas";
    private static final String DURATIONS = "a duration such as 250ms, 2s, 1m or 0 (units: ns, us, ms, s, m, h, d)";

    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    private static List<String> errors(AgentSettings settings) {
        return settings.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void withNothingGivenThereIsNoFileAndTheAgentIsStrict() {
        AgentSettings s = AgentSettings.resolve(null, new Properties(), Map.of());
        assertEquals(null, s.config());
        assertEquals(null, s.environment());
        assertEquals(null, s.environmentOrigin());
        assertTrue(s.strict());
        assertEquals(2_000_000_000L, s.reloadIntervalNanos());
        assertEquals(List.of(), s.errors());
    }

    @Test
    void anAgentArgumentWinsOverAPropertyWhichWinsOverAVariable() {
        Map<String, String> env = Map.of("BULWARK_CONFIG", "/env.yaml", "BULWARK_ENVIRONMENT", "env",
                "BULWARK_CONFIG_STRICT", "true", "BULWARK_CONFIG_RELOAD_INTERVAL", "3s");
        Properties props = properties("bulwark.config", "/prop.yaml", "bulwark.environment", "prop",
                "bulwark.config.strict", "false", "bulwark.config.reload-interval", "2s");

        AgentSettings fromArgs = AgentSettings.resolve("config=/arg.yaml,environment=arg,strict=true,reload-interval=1s",
                props, env);
        assertEquals(List.of(), fromArgs.errors());
        assertEquals(Path.of("/arg.yaml"), fromArgs.config());
        assertEquals("arg", fromArgs.environment());
        assertEquals("-javaagent argument environment", fromArgs.environmentOrigin().toString());
        assertTrue(fromArgs.strict());
        assertEquals(1_000_000_000L, fromArgs.reloadIntervalNanos());

        AgentSettings fromProps = AgentSettings.resolve(null, props, env);
        assertEquals(Path.of("/prop.yaml"), fromProps.config());
        assertEquals("prop", fromProps.environment());
        assertEquals("system property bulwark.environment", fromProps.environmentOrigin().toString());
        assertFalse(fromProps.strict());
        assertEquals(2_000_000_000L, fromProps.reloadIntervalNanos());

        AgentSettings fromEnv = AgentSettings.resolve("", new Properties(), env);
        assertEquals(Path.of("/env.yaml"), fromEnv.config());
        assertEquals("env", fromEnv.environment());
        assertEquals("environment variable BULWARK_ENVIRONMENT", fromEnv.environmentOrigin().toString());
        assertTrue(fromEnv.strict());
        assertEquals(3_000_000_000L, fromEnv.reloadIntervalNanos());
    }

    @Test
    void eachSettingIsTakenFromTheHighestLayerThatGivesIt() {
        AgentSettings s = AgentSettings.resolve("environment=arg", properties("bulwark.config.strict", "false"),
                Map.of("BULWARK_CONFIG", "/env.yaml", "BULWARK_ENVIRONMENT", "env"));
        assertEquals(Path.of("/env.yaml"), s.config());
        assertEquals("arg", s.environment());
        assertFalse(s.strict());
    }

    @Test
    void argumentsAreTrimmed() {
        AgentSettings s = AgentSettings.resolve(" config = /a.yaml , environment= production ", new Properties(),
                Map.of());
        assertEquals(List.of(), s.errors());
        assertEquals(Path.of("/a.yaml"), s.config());
        assertEquals("production", s.environment());
    }

    @Test
    void aBlankFileOrEnvironmentMeansNone() {
        AgentSettings s = AgentSettings.resolve("config=,environment= ", new Properties(), Map.of());
        assertEquals(null, s.config());
        assertEquals(null, s.environment());
    }

    @Test
    void anUnknownAgentArgumentIsNamedWithASuggestion() {
        assertEquals(List.of("-javaagent argument: 'confg=/a.yaml' is not an agent argument. Did you mean 'config'? "
                + ALLOWED_ARGUMENTS), errors(AgentSettings.resolve("confg=/a.yaml", new Properties(), Map.of())));
    }

    @Test
    void anAgentArgumentFarFromAnyIsNamedWithWhatIsAllowed() {
        assertEquals(List.of("-javaagent argument: 'port=8080' is not an agent argument. " + ALLOWED_ARGUMENTS),
                errors(AgentSettings.resolve("port=8080", new Properties(), Map.of())));
        assertEquals(List.of("-javaagent argument: '/etc/bulwark.yaml' is not an agent argument. " + ALLOWED_ARGUMENTS),
                errors(AgentSettings.resolve("/etc/bulwark.yaml", new Properties(), Map.of())));
    }

    @Test
    void aKnownArgumentWithoutAValueSaysSo() {
        assertEquals(List.of("-javaagent argument: 'strict' has no value; allowed: config=PATH, "
                + "environment=NAME, strict=true|false, reload-interval=DURATION, separated by commas"),
                errors(AgentSettings.resolve("strict", new Properties(), Map.of())));
    }

    @Test
    void strictIsTrueOrFalseAndStaysStrictWhenItIsNeither() {
        AgentSettings s = AgentSettings.resolve("strict=yes", new Properties(), Map.of());
        assertEquals(List.of("-javaagent argument strict: 'yes' is not allowed; allowed: true or false"), errors(s));
        assertTrue(s.strict());
        assertEquals(List.of("system property bulwark.config.strict: 'off' is not allowed; allowed: true or false"),
                errors(AgentSettings.resolve(null, properties("bulwark.config.strict", "off"), Map.of())));
        assertEquals(List.of("environment variable BULWARK_CONFIG_STRICT: 'FALSE' is not allowed; allowed: true or "
                + "false"), errors(AgentSettings.resolve(null, new Properties(), Map.of("BULWARK_CONFIG_STRICT", "FALSE"))));
    }

    @Test
    void theReloadIntervalIsADurationOfZeroOrMore() {
        assertEquals(0L, AgentSettings.resolve("reload-interval=0", new Properties(), Map.of()).reloadIntervalNanos());
        assertEquals(250_000_000L, AgentSettings.resolve(null, properties("bulwark.config.reload-interval", "250ms"),
                Map.of()).reloadIntervalNanos());
    }

    @Test
    void aBadReloadIntervalSaysWhatIsWrongAndKeepsTheDefault() {
        AgentSettings negative = AgentSettings.resolve("reload-interval=-1s", new Properties(), Map.of());
        assertEquals(List.of("-javaagent argument reload-interval: '-1s' is negative; allowed: 0 (never reload) or "
                + DURATIONS), errors(negative));
        assertEquals(AgentSettings.DEFAULT_RELOAD_NANOS, negative.reloadIntervalNanos());
        assertEquals(List.of("system property bulwark.config.reload-interval: 'often' is not " + DURATIONS),
                errors(AgentSettings.resolve(null, properties("bulwark.config.reload-interval", "often"), Map.of())));
        assertEquals(List.of("environment variable BULWARK_CONFIG_RELOAD_INTERVAL: '5' has no unit; write it as "
                + DURATIONS), errors(AgentSettings.resolve(null, new Properties(),
                        Map.of("BULWARK_CONFIG_RELOAD_INTERVAL", "5"))));
    }

    @Test
    void everyBadArgumentIsReported() {
        assertEquals(2, AgentSettings.resolve("strict=maybe,reload-interval=x", new Properties(), Map.of()).errors()
                .size());
    }
}
