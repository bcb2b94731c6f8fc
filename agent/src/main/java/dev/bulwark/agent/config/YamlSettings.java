package dev.bulwark.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads bulwark.yaml into flat {@link Setting}s, each with the line it stands on. Only the shape of
 * YAML is judged here (a mapping of keys down to plain values or lists of plain values); what the
 * keys mean is {@link Schema}'s business. Every problem becomes a {@link ConfigError}, never an
 * exception.
 */
public final class YamlSettings {
    /** A configuration file is a page or two; anything larger is almost surely the wrong file. */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 16;

    private final String source;
    private final List<Setting> settings = new ArrayList<>();
    private final List<ConfigError> errors = new ArrayList<>();

    private YamlSettings(String source) {
        this.source = source;
    }

    public record Parsed(List<Setting> settings, List<ConfigError> errors) {
    }

    public static Parsed read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return failed(source, "is a directory, not a configuration file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return failed(source, "is " + size + " bytes; a configuration file may have at most " + MAX_BYTES
                        + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return failed(source, "does not exist");
        } catch (IOException e) {
            return failed(source, "cannot be read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(source, "is not UTF-8 text; a configuration file is YAML text");
        }
        return parse(text, source);
    }

    public static Parsed parse(String text, String source) {
        YamlSettings reader = new YamlSettings(source);
        reader.parseText(text);
        return new Parsed(List.copyOf(reader.settings), List.copyOf(reader.errors));
    }

    private static Parsed failed(String source, String problem) {
        return new Parsed(List.of(), List.of(new ConfigError(Origin.file(source, 0), "the configuration file " + problem)));
    }

    private void parseText(String text) {
        if (text.indexOf('\0') >= 0) {
            error(0, "the file holds binary data; a configuration file is YAML text");
            return;
        }
        if (text.isBlank()) {
            error(0, "the file is empty; it should hold at least one section, such as circuit-breakers:");
            return;
        }
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(20).setCodePointLimit(MAX_BYTES).setUseMarks(true).build();
        Optional<Node> root;
        try {
            Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
            List<Node> all = new ArrayList<>();
            for (Node document : documents) {
                all.add(document);
            }
            if (all.size() > 1) {
                error(line(all.get(1)), "the file holds " + all.size() + " YAML documents; write one");
                return;
            }
            root = all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            error(line, "this is not valid YAML: " + firstLine(e.getProblem()));
            return;
        } catch (YamlEngineException | IllegalArgumentException | IllegalStateException | StackOverflowError e) {
            error(0, "this is not valid YAML: " + firstLine(e.getMessage()));
            return;
        }
        if (root.isEmpty() || isNull(root.get())) {
            error(0, "the file holds no settings; it should hold at least one section, such as circuit-breakers:");
            return;
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            error(line(root.get()), "the file must be a mapping of sections (circuit-breakers:, retries:, ...), not "
                    + describe(root.get()));
            return;
        }
        walk(mapping, new ArrayList<>());
    }

    private void walk(MappingNode mapping, List<String> path) {
        if (path.size() > MAX_DEPTH) {
            error(line(mapping), KeyPath.format(path) + " is nested deeper than any Bulwark setting");
            return;
        }
        if (mapping.getValue().isEmpty()) {
            settings.add(new Setting(path, Setting.EMPTY, Origin.file(source, line(mapping))));
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || isNull(keyNode)) {
                error(line(keyNode), "under " + where(path) + " a key must be a plain word, not " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            Integer earlier = seen.putIfAbsent(key, line(keyNode));
            if (earlier != null) {
                error(line(keyNode), KeyPath.format(append(path, key)) + " is given twice (also on line " + earlier
                        + "); write it once");
                continue;
            }
            List<String> childPath = append(path, key);
            value(tuple.getValueNode(), childPath);
        }
    }

    private void value(Node node, List<String> path) {
        Origin origin = Origin.file(source, line(node));
        if (node instanceof MappingNode child) {
            walk(child, path);
        } else if (node instanceof SequenceNode sequence) {
            List<String> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                    error(line(item), KeyPath.format(path) + " must be a list of plain values, not a list holding "
                            + describe(item));
                    return;
                }
                items.add(scalar.getValue());
            }
            settings.add(new Setting(path, List.copyOf(items), origin));
        } else if (isNull(node)) {
            settings.add(new Setting(path, null, origin));
        } else {
            settings.add(new Setting(path, ((ScalarNode) node).getValue(), origin));
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "the value '" + ((ScalarNode) node).getValue() + "'";
    }

    private static String where(List<String> path) {
        return path.isEmpty() ? "the top level" : KeyPath.format(path);
    }

    private static List<String> append(List<String> path, String key) {
        List<String> p = new ArrayList<>(path);
        p.add(key);
        return p;
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private void error(int line, String message) {
        errors.add(new ConfigError(Origin.file(source, line), message));
    }
}
