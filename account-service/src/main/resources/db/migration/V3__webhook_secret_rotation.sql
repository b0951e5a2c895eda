-- Webhook secret rotation: the previous secret keeps signing (as a second signature) until it expires.
alter table merchant
    add column previous_webhook_secret_enc        text,
    add column previous_webhook_secret_expires_at timestamptz;
