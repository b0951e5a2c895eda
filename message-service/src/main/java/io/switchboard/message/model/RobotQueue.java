package io.switchboard.message.model;

import java.time.Instant;

/** A row of {@code robot_queue}: how a robot is reached and where its queue stands. */
@io.quarkus.runtime.annotations.RegisterForReflection // Jackson writes it in the admin views (also native)
public record RobotQueue(String robotSerialNo, String merchantId, String protocol, String deviceNo, String phone,
                         String robotUserId, int pending, String inFlightSerialNo, Instant inFlightDeadline,
                         Instant nextDispatchAt, Integer intervalMs) {}
