package io.switchboard.common.operation;

import io.quarkus.runtime.Startup;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Open API operations this service serves, by name. Built at startup ({@link Startup}) from the
 * {@link OpenApiOperation} beans: a duplicate name or a badly declared operation fails the boot, not the first
 * request. Reading the declarations needs only the bean classes, so the API document can be built from here
 * before any operation bean exists.
 */
@Startup
@Singleton
public class OperationRegistry {
    @Inject
    @Any
    Instance<OpenApiOperation<?>> beans;

    /** A served operation: what it declares and how to get its bean. */
    public record Entry(OperationSpec spec, Supplier<OpenApiOperation<?>> bean) {}

    private Map<String, Entry> byName = Map.of();

    @PostConstruct
    void index() {
        List<Entry> entries = new ArrayList<>();
        for (Instance.Handle<OpenApiOperation<?>> h : beans.handles()) {
            entries.add(new Entry(OperationSpec.of(h.getBean().getBeanClass()), h::get));
        }
        byName = index(entries);
    }

    /** Indexes entries by name; two with one name are refused with both class names. */
    public static Map<String, Entry> index(Collection<Entry> entries) {
        Map<String, Entry> out = new TreeMap<>();
        for (Entry e : entries) {
            Entry clash = out.putIfAbsent(e.spec().name(), e);
            if (clash != null) {
                throw new IllegalStateException("two Open API operations are named '" + e.spec().name() + "': "
                        + clash.spec().operationClass().getName() + " and " + e.spec().operationClass().getName()
                        + "; an operation name must be unique within a service");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Every operation, sorted by name. */
    public Collection<Entry> entries() {
        return byName.values();
    }
}
