-- Stream entries this service's consumers could not process (docs/EVENTS.md "Dead letters"), kept in PostgreSQL so
-- losing Redis's data cannot lose them. Written by common's StreamConsumer before the entry is acknowledged; listed
-- and replayed by /admin/stream-dead-letters. The same table in every schema whose service runs consumers.
create table dead_letter (
    id             bigserial    primary key,
    stream         varchar(64)  not null,
    consumer_group varchar(64)  not null,
    -- The Redis entry id it had; a dead-lettering repeated after a crash before XACK adds no second row.
    entry_id       varchar(64)  not null,
    -- Null when the entry was unreadable (no envelope, or no id).
    event_id       uuid,
    event_type     varchar(64),
    reason         text         not null,
    -- The envelope JSON as read from the stream (null if the entry had none).
    payload        text,
    created_at     timestamptz  not null default now(),
    -- Set when an admin put it back on its stream; replayed rows are kept until the dedup retention has passed.
    replayed_at    timestamptz,
    unique (consumer_group, stream, entry_id)
);
create index dead_letter_open on dead_letter (id) where replayed_at is null;
create index dead_letter_replayed_at on dead_letter (replayed_at) where replayed_at is not null;
