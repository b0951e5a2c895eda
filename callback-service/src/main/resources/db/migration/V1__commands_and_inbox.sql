-- Commands for robot links (DESIGN §4): the truth about what a robot was asked to do and how it went. A command
-- waits here while its device is offline, so nothing about it lives only in one replica's memory.
create table command (
    seq             bigserial    primary key,
    serial_no       varchar(64)  not null unique,
    merchant_id     varchar(64)  not null,
    robot_serial_no varchar(256),
    device_no       varchar(64),
    protocol        varchar(16)  not null,
    operation       varchar(32)  not null,
    cmd             integer,
    phone           varchar(32),
    -- the operation's parameters (they may carry login secrets), AES-GCM with context command.content:<serial>;
    -- cleared once the command is finished, so secrets are not kept longer than needed
    content_enc     text,
    status          varchar(16)  not null
        check (status in ('PENDING', 'PUSHED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT')),
    reason          text,
    result          text,
    created_at      timestamptz  not null default now(),
    pushed_at       timestamptz,
    deadline_at     timestamptz  not null,
    completed_at    timestamptz
);
-- A device's waiting commands, in order, when it (re)connects.
create index command_device_status_seq on command (device_no, status, seq);
-- The deadline sweeper's scan.
create index command_status_deadline on command (status, deadline_at);
create index command_robot_seq on command (robot_serial_no, seq);

-- Result callbacks already applied (sha256 of device|action|body), so a device's retry changes nothing.
create table device_inbox (
    digest      char(64)    primary key,
    device_no   varchar(64) not null,
    action      varchar(64) not null,
    received_at timestamptz not null default now()
);
create index device_inbox_received_at on device_inbox (received_at);
