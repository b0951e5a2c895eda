-- Merchant webhooks, issue 10 (docs/WEBHOOKS.md): 410 Gone disables an endpoint; retention; merchant listings.

-- A merchant endpoint that answered 410 Gone. While the merchant's callback URL is still this one, nothing is sent
-- to it: its deliveries are parked (DEAD, parked = true). An admin re-enables it (the row is deleted and the parked
-- deliveries are queued again); a different callback URL (the merchant moved) re-enables it the same way.
create table webhook_endpoint_disabled (
    merchant_id  varchar(64) primary key,
    callback_url text        not null,
    disabled_at  timestamptz not null default now(),
    -- The delivery whose attempt got the 410, and what it answered.
    delivery_id  bigint,
    reason       text        not null
);

-- DEAD because the merchant's endpoint is disabled (410), not because the schedule ran out: re-enabling replays these.
alter table webhook_delivery add column parked boolean not null default false;
-- When the delivery became DEAD (the retention clock of dead letters). Older dead rows count from their creation.
alter table webhook_delivery add column dead_at timestamptz;
update webhook_delivery set dead_at = created_at where status = 'DEAD';

-- Retention: finished rows by age, in batches.
create index webhook_delivery_delivered_age on webhook_delivery (delivered_at) where status = 'SUCCEEDED';
create index webhook_delivery_dead_age on webhook_delivery (dead_at) where status = 'DEAD';
-- listDeliveries: one merchant's deliveries, newest first by id (the keyset cursor).
create index webhook_delivery_merchant_id on webhook_delivery (merchant_id, id desc);
