package io.switchboard.message.model;

/**
 * A message's checked content (docs/MESSAGING.md "Open API"): the Open API type, the text the command carries (the
 * text, the media URL, or the location/contact JSON text as given) and the sleeps in milliseconds.
 */
public record OutgoingContent(int msgType, String text, int beforeSleepMs, int afterSleepMs) {}
