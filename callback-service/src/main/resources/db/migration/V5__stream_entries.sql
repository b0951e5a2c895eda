-- The merchants' live stream (docs/STREAM.md): every merchant notification, numbered per merchant in commit order.

-- One row per merchant: the last number handed out. The consumer's transaction takes the next number with
-- "update ... set last_seq = last_seq + 1 returning last_seq"; the row lock it then holds until commit makes
-- a merchant's numbers commit in number order, so a reader at "seq > cursor" can never skip a row that commits
-- later (what a bigserial id, assigned before commit, cannot promise).
create table stream_counter (
    merchant_id varchar(64) primary key,
    last_seq    bigint      not null
);

create table stream_entry (
    merchant_id varchar(64) not null,
    -- The cursor: 1, 2, 3 ... per merchant; a number may be skipped (rolled-back transaction), never reordered.
    seq         bigint      not null,
    -- The envelope id: the frame's id and the webhook-id of the same event's webhook.
    event_id    uuid        not null unique,
    -- The webhook body exactly as the webhook carries it (WebhookBody).
    body        text        not null,
    created_at  timestamptz not null default now(),
    primary key (merchant_id, seq)
);
create index stream_entry_created on stream_entry (created_at);
