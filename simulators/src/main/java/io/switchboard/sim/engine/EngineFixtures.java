package io.switchboard.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The seeds' samples the engine simulators answer with, on the classpath: {@code fixtures/linews/commands.json}
 * (seed 002), {@code fixtures/chat68/samples.json} (004), {@code fixtures/imhttp/methods.json} (003). They are
 * generated from the seeds by {@code simulators/scripts/engine-fixtures.py}; platform tests may read them too.
 */
public final class EngineFixtures {

    public static final String LINE_WS_COMMANDS = "fixtures/linews/commands.json";
    public static final String CHAT68_SAMPLES = "fixtures/chat68/samples.json";
    public static final String IM_HTTP_METHODS = "fixtures/imhttp/methods.json";

    private EngineFixtures() {
    }

    /** A fresh, mutable copy of the fixture file. */
    public static JsonNode load(String resource) {
        try (InputStream in = EngineFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource + " on the classpath");
            }
            return EngineServer.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + resource + " is not valid JSON", e);
        }
    }
}
