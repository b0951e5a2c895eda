package io.switchboard.common.logging;

import io.quarkus.logging.LoggingFilter;
import io.switchboard.common.api.ControlCharacters;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps every log record on one line: the formatted message has its control characters escaped (line feed as
 * backslash-n, carriage return as backslash-r, tab as backslash-t, the others and U+2028/U+2029 as backslash-u
 * and four hex digits), so a CR/LF in a request parameter that ends up in a message cannot forge a log line.
 * Stack traces are left alone. Enabled for the console and file handlers in common's
 * {@code META-INF/microprofile-config.properties}; it never drops a record.
 */
@LoggingFilter(name = ControlCharacterLogFilter.NAME)
public final class ControlCharacterLogFilter implements Filter {
    public static final String NAME = "switchboard-escape-control";

    private static final java.util.logging.Formatter PLAIN = new java.util.logging.Formatter() {
        @Override
        public String format(LogRecord record) {
            return formatMessage(record);
        }
    };

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            // Always store the formatted text: the handler then does not format the message a second time.
            ext.setMessage(ControlCharacters.escape(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
            ext.setResourceBundle(null);
        } else if (record.getMessage() != null) {
            record.setMessage(ControlCharacters.escape(PLAIN.formatMessage(record)));
            record.setParameters(null);
        }
        return true;
    }
}
