package io.switchboard.common.api;

import jakarta.enterprise.context.RequestScoped;
import org.jboss.logging.MDC;

/**
 * The platform's serial for the current request ({@code vcSerialNo}). Created on first use and put into the
 * logging MDC as {@code serial}, so every log line of the request carries it.
 */
@RequestScoped
public class RequestSerial {
    public static final String MDC_KEY = "serial";
    private String value;

    public String get() {
        if (value == null) {
            value = Ids.serialNo();
            MDC.put(MDC_KEY, value);
        }
        return value;
    }
}
