-- Merchant webhooks (DESIGN §3): one row per merchant notification to deliver, one row per HTTP attempt.

create table webhook_delivery (
    id               bigserial    primary key,
    -- The envelope id: the idempotency key of the consumer and the webhook-id header, stable across retries.
    event_id         uuid         not null unique,
    merchant_id      varchar(64)  not null,
    n_type           int          not null,
    -- Built once when the event is consumed and re-sent byte-identical, so signatures stay comparable.
    body             text         not null,
    -- PENDING (waiting for next_attempt_at), DELIVERING (claimed by a dispatcher; next_attempt_at is then the
    -- lease deadline after which another replica may take it over), SUCCEEDED, DEAD (schedule exhausted).
    status           varchar(16)  not null
        check (status in ('PENDING', 'DELIVERING', 'SUCCEEDED', 'DEAD')),
    -- Every HTTP attempt ever made (numbers webhook_attempt rows).
    attempts         int          not null default 0,
    -- Attempts in the current round of the retry schedule; a replay starts a new round at 0.
    schedule_step    int          not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    last_status_code int,
    last_error       text,
    created_at       timestamptz  not null default now(),
    delivered_at     timestamptz
);
-- The dispatcher's question: which rows are due now?
create index webhook_delivery_due on webhook_delivery (status, next_attempt_at);
-- Admin listings: a merchant's deliveries, newest first; replay of a time range.
create index webhook_delivery_merchant on webhook_delivery (merchant_id, created_at desc);
create index webhook_delivery_created on webhook_delivery (created_at);

create table webhook_attempt (
    id          bigserial   primary key,
    delivery_id bigint      not null references webhook_delivery (id) on delete cascade,
    attempt_no  int         not null,
    started_at  timestamptz not null,
    duration_ms bigint      not null,
    -- Null when no HTTP response came back (refused URL, connection error, timeout).
    status_code int,
    error       text,
    success     boolean     not null,
    unique (delivery_id, attempt_no)
);
