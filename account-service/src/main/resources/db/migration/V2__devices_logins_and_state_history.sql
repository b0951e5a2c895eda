-- LINE devices, login secrets (encrypted), SMS codes and the robot state history (issue: LINE devices end to end).

create table device (
    id          bigserial primary key,
    device_no   varchar(64) not null unique,
    merchant_id varchar(64) not null references merchant (merchant_id),
    created_at  timestamptz not null default now()
);
create index device_merchant on device (merchant_id);

alter table robot
    add column device_no        varchar(64),
    add column country_code     varchar(8),
    add column user_id          varchar(64),
    add column head_img_url     varchar(1024),
    add column state_reason     varchar(512),
    add column login_serial_no  varchar(64),
    -- AES-256-GCM ciphertexts (SecretCipher), never plaintext:
    add column password_enc     text,
    add column cache_info_enc   text,
    add column socks5_enc       text,
    add column cache_expires_at timestamptz;
create index robot_device on robot (device_no);

-- Every state transition, with what caused it.
create table robot_state_change (
    id              bigserial primary key,
    robot_serial_no varchar(256) not null,
    from_state      smallint,
    to_state        smallint     not null,
    reason          varchar(512),
    cause           varchar(64)  not null,
    serial_no       varchar(64),
    event_id        uuid,
    changed_at      timestamptz  not null default now()
);
create index robot_state_change_robot on robot_state_change (robot_serial_no, id);

-- SMS codes the merchant submitted for a login, handed to the device once.
create table phone_code (
    id              bigserial primary key,
    robot_serial_no varchar(256) not null,
    login_serial_no varchar(64)  not null,
    code_enc        text,
    requested_at    timestamptz,
    submitted_at    timestamptz,
    consumed_at     timestamptz
);
create index phone_code_robot on phone_code (robot_serial_no, id);
