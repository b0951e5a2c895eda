package io.switchboard.sim.bench;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * One kind of request in a scenario: the baseline or something measured against it.
 *
 * @param name     short name for the table and the JSON ({@code noSuchOperation}, {@code listRobots}, …)
 * @param what     what the request is and what the service does with it, for the table's legend
 * @param expect   the answer that counts as correct, e.g. {@code 200 vcSuccess=true} or {@code 404/40402}
 * @param baseline true for the request the others are compared with
 * @param prepare  makes {@code n} ready-to-send requests (signing happens here, outside the timed part)
 * @param expected checks one answer: (HTTP status, body) → correct?
 */
record Variant(String name, String what, String expect, boolean baseline, IntFunction<List<HttpRequest>> prepare,
               BiPredicate<Integer, String> expected) {
}
