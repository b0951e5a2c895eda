package io.switchboard.sim.demo;

import java.io.PrintStream;

/**
 * The demo's narration: numbered step headings, then one line per thing sent or received, each with the time
 * since the start and who acted ({@code merchant}, {@code admin}, {@code device}, {@code webhook}). Lines come
 * from several threads (device frames, webhook deliveries), so printing is synchronized.
 */
final class DemoLog {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private int step;

    DemoLog(PrintStream out) {
        this.out = out;
    }

    synchronized void step(String title) {
        out.println();
        out.println("Step " + (++step) + ": " + title);
    }

    synchronized void line(String actor, String text) {
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("  [%7.3fs] %-8s %s%n", seconds, actor, text);
        out.flush();
    }

    synchronized void plain(String text) {
        out.println(text);
        out.flush();
    }

    /** Long JSON is cut so one event stays one line. */
    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
