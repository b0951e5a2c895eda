package io.switchboard.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes the application's ObjectMapper (request bodies of the admin and internal APIs, device bodies read with
 * {@code readTree}, REST client answers, stream events) refuse what would otherwise slip through:
 * <ul>
 *   <li>trailing content after the document ({@code {...}garbage}, {@code {...}{...}}): a lenient reader
 *       would act on the first document and ignore the rest;</li>
 *   <li>NUL in any string or member name: PostgreSQL cannot store it and would answer with a 500.</li>
 * </ul>
 * Both fail as a {@link com.fasterxml.jackson.core.JsonProcessingException}, which the exception mappers turn
 * into a 400.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same rules for a mapper built by hand. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("switchboard-strict-json");
        module.addDeserializer(String.class, cast(new NulRefusingDeserializer(StringDeserializer.instance)));
        module.addDeserializer(JsonNode.class,
                cast(new NulRefusingDeserializer(JsonNodeDeserializer.getDeserializer(JsonNode.class))));
        module.addDeserializer(ObjectNode.class,
                cast(new NulRefusingDeserializer(JsonNodeDeserializer.getDeserializer(ObjectNode.class))));
        module.addDeserializer(ArrayNode.class,
                cast(new NulRefusingDeserializer(JsonNodeDeserializer.getDeserializer(ArrayNode.class))));
        return mapper.registerModule(module).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @SuppressWarnings("unchecked")
    private static <T> com.fasterxml.jackson.databind.JsonDeserializer<T> cast(NulRefusingDeserializer d) {
        return (com.fasterxml.jackson.databind.JsonDeserializer<T>) (Object) d;
    }
}
