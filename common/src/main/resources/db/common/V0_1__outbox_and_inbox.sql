-- Shared by every service, in its own schema: the transactional outbox and the consumer dedup table.

create table outbox_event (
    seq          bigserial primary key,
    event_id     uuid        not null unique,
    stream       varchar(64) not null,
    event_type   varchar(64) not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
-- The relay reads unpublished rows in commit order; the partial index keeps that read small.
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

create table processed_event (
    event_id       uuid        not null,
    consumer_group varchar(64) not null,
    stream         varchar(64) not null,
    processed_at   timestamptz not null default now(),
    primary key (event_id, consumer_group)
);
create index processed_event_processed_at on processed_event (processed_at);
