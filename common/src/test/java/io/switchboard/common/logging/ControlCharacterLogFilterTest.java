package io.switchboard.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class ControlCharacterLogFilterTest {
    final ControlCharacterLogFilter filter = new ControlCharacterLogFilter();

    @Test
    void parametersAreFormattedThenEscaped() {
        ExtLogRecord r = new ExtLogRecord(Level.WARNING, "unknown app_id %s from %s", ExtLogRecord.FormatStyle.PRINTF,
                getClass().getName());
        r.setParameters(new Object[] {"x\r\n2026-01-01 00:00:00,000 INFO  [admin] granted", "10.0.0.1"});
        assertTrue(filter.isLoggable(r), "the filter never drops a record");
        assertEquals("unknown app_id x\\r\\n2026-01-01 00:00:00,000 INFO  [admin] granted from 10.0.0.1",
                r.getFormattedMessage());
        assertEquals(ExtLogRecord.FormatStyle.NO_FORMAT, r.getFormatStyle());
    }

    @Test
    void messageFormatStyleAndPlainRecordsToo() {
        ExtLogRecord r = new ExtLogRecord(Level.INFO, "path {0}", ExtLogRecord.FormatStyle.MESSAGE_FORMAT, "x");
        r.setParameters(new Object[] {"/a\n/b\u0000"});
        filter.isLoggable(r);
        assertEquals("path /a\\n/b\\u0000", r.getFormattedMessage());

        LogRecord jul = new LogRecord(Level.INFO, "value {0}");
        jul.setParameters(new Object[] {"x\ny"});
        filter.isLoggable(jul);
        assertEquals("value x\\ny", jul.getMessage());
    }

    @Test
    void cleanMessagesAreUnchangedAndExceptionsKept() {
        ExtLogRecord r = new ExtLogRecord(Level.INFO, "all good: %d", ExtLogRecord.FormatStyle.PRINTF, "x");
        r.setParameters(new Object[] {42});
        IllegalStateException thrown = new IllegalStateException("boom");
        r.setThrown(thrown);
        filter.isLoggable(r);
        assertEquals("all good: 42", r.getFormattedMessage());
        assertSame(thrown, r.getThrown());
    }
}
