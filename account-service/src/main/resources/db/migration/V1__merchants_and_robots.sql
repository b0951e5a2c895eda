-- Merchants (API customers) and their robots. Secrets are stored encrypted (AES-256-GCM, see SecretCipher).

create table merchant (
    id                 bigserial primary key,
    merchant_id        varchar(64)  not null unique,
    app_id             varchar(32)  not null unique,
    name               varchar(128) not null,
    rsa_public_key     text         not null,
    callback_url       varchar(2048) not null,
    device_key_enc     text         not null,
    webhook_secret_enc text         not null,
    active             boolean      not null default true,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);

-- A robot is created by its first login (issue 3); robot serials are unique across merchants so a device or
-- a merchant naming another merchant's robot is refused rather than confused.
create table robot (
    id              bigserial primary key,
    robot_serial_no varchar(256) not null unique,
    merchant_id     varchar(64)  not null references merchant (merchant_id),
    protocol        varchar(16)  not null,
    state           smallint     not null,
    phone           varchar(32),
    username        varchar(256),
    app_version     varchar(64),
    dc_version      varchar(64),
    line_version    varchar(64),
    last_heartbeat_at timestamptz,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now()
);
create index robot_merchant on robot (merchant_id, id);
