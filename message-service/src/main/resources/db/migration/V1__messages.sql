-- message-service's store (schema message; docs/MESSAGING.md): outbound messages and their per-robot queue, and
-- inbound messages. outbox_event / processed_event come from common's db/common migration.

-- One row per accepted sendMessage / sendGroupMessage. Its serial is the Open API call's vcSerialNo and the
-- command's serial. A row is written three times: accepted (QUEUED), dispatched, finished (SENT or FAILED).
create table outbound_message (
    serial_no        varchar(64)  primary key,
    -- Accept order: the robot's queue order, and the tie-breaker of the admin keyset.
    seq              bigint       generated always as identity,
    merchant_id      varchar(64)  not null,
    robot_serial_no  varchar(256) not null,
    -- F: a friend (sendMessage); G: a group (sendGroupMessage).
    target_kind      char(1)      not null check (target_kind in ('F', 'G')),
    target_id        varchar(256) not null,
    -- The Open API msg_type: 0 text … 6 contact card.
    msg_type         smallint     not null,
    -- The text, the media URL, or the location/contact JSON text as given.
    content          text         not null,
    before_sleep_ms  integer      not null default 0,
    after_sleep_ms   integer      not null default 0,
    -- The merchant's idempotency key (vcClientMsgId) and a hash of the request it came with: the same key with
    -- another request is a conflict. Cleared when the key is reused after switchboard.messages.idempotency-window.
    client_msg_id    varchar(64),
    request_hash     varchar(64)  not null,
    -- 0 QUEUED, 1 DISPATCHED, 2 SENT, 3 FAILED (reason says why).
    state            smallint     not null default 0 check (state between 0 and 3),
    reason           text,
    -- The messenger's id of the sent message (message.sent), when the engine gives one.
    messenger_msg_id varchar(256),
    -- LINE_DEVICE group sends: the link info sent with the command, replaced by what the result returned.
    group_info       jsonb,
    created_at       timestamptz  not null default now(),
    dispatched_at    timestamptz,
    finished_at      timestamptz,
    -- The command's deadline (dispatch + switchboard.messages.send-timeout).
    deadline_at      timestamptz
);
-- vcClientMsgId is unique per merchant: two racing first calls cannot both insert.
create unique index outbound_message_client_msg_id on outbound_message (merchant_id, client_msg_id)
    where client_msg_id is not null;
-- The queue: a robot's QUEUED head, and queueCount (its messages ahead of one). Only unfinished rows, so it stays
-- small whatever the table's size.
create index outbound_message_active on outbound_message (robot_serial_no, seq) where state in (0, 1);
-- /admin/messages: newest first by (created_at, seq), keyset-paged; one index per leading filter. Retention deletes
-- along outbound_message_created from the oldest.
create index outbound_message_created on outbound_message (created_at, seq);
create index outbound_message_robot on outbound_message (robot_serial_no, created_at, seq);
create index outbound_message_target on outbound_message (target_id, created_at, seq);
-- A state filter over all robots: SENT is most rows (outbound_message_created finds them at once); the rare states
-- have their own small index, which holds no SENT row.
create index outbound_message_unsent on outbound_message (state, created_at, seq) where state <> 2;

-- One row per robot that ever had a message: how to reach it (as of its last accepted message) and where its queue
-- stands. The dispatcher locks this row (FOR UPDATE SKIP LOCKED), so replicas never dispatch one robot twice.
create table robot_queue (
    robot_serial_no    varchar(256) primary key,
    merchant_id        varchar(64),
    protocol           varchar(32),
    device_no          varchar(256),
    phone              varchar(64),
    -- The robot's own messenger id (the sender of its send results), from account-service.
    robot_user_id      varchar(256),
    -- QUEUED messages not yet dispatched.
    pending            integer      not null default 0,
    -- The one message dispatched and waiting for its result, and that command's deadline.
    in_flight_serial   varchar(64),
    in_flight_deadline timestamptz,
    -- Pacing: the next message is not dispatched before this.
    next_dispatch_at   timestamptz  not null default now(),
    -- The robot's own pacing interval (admin); null: switchboard.messages.pacing.interval.
    interval_ms        integer,
    updated_at         timestamptz  not null default now()
);
-- What the dispatcher looks for: robots with work, nothing in flight, due.
create index robot_queue_due on robot_queue (next_dispatch_at) where pending > 0 and in_flight_serial is null;
-- What the deadline release looks for.
create index robot_queue_in_flight on robot_queue (in_flight_deadline) where in_flight_serial is not null;

-- Messages robots received (message.received), stored once per (robot, messenger message id); a message without an
-- id is keyed by a hash of its fields.
create table inbound_message (
    id               bigint       generated always as identity primary key,
    robot_serial_no  varchar(256) not null,
    merchant_id      varchar(64)  not null,
    message_key      varchar(256) not null,
    messenger_msg_id varchar(256),
    protocol         varchar(32),
    from_user_id     text,
    to_user_id       text,
    group_id         text,
    msg_type         integer,
    content          text,
    -- The messenger's time, epoch ms as reported.
    sent_at          bigint,
    received_at      timestamptz  not null default now(),
    constraint inbound_message_key unique (robot_serial_no, message_key)
);
create index inbound_message_received_at on inbound_message (received_at);
