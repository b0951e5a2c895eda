-- group-service's store (schema groups; DESIGN §1): the robots' groups, their members and LINE link info, fed by
-- group.* / groups.* robot events (docs/SOCIAL.md). Rows are keyed by (robot, messenger id): a group id is unique
-- only within one messenger, and every look-up is scoped to the robot (and the robot to its merchant).

create table chat_group (
    robot_serial_no varchar(256) not null,
    group_id        varchar(256) not null,
    -- The owner of the robot when the row was last written (the robot's merchant; kept for admin filters and as a
    -- second fence on every merchant-facing read).
    merchant_id     varchar(64)  not null,
    name            text,
    -- LINE link info (seed 000: "data 内的数据需要保存,发消息的时候有用到"); null on other protocols.
    group_key       text,
    group_tag_b     bigint,
    owner_tag_b     bigint,
    str_data        text,
    owner_user_id   varchar(256),
    -- The messenger's creation time, epoch ms as reported.
    create_time     bigint,
    notice          text,
    picture_url     text,
    member_count    integer,
    -- Set when the robot is no longer in the group (it quit, or a complete group list did not name it).
    left_at         timestamptz,
    updated_at      timestamptz  not null default now(),
    primary key (robot_serial_no, group_id)
);
create index chat_group_merchant on chat_group (merchant_id, robot_serial_no);

create table group_member (
    robot_serial_no varchar(256) not null,
    group_id        varchar(256) not null,
    user_id         varchar(256) not null,
    -- epoch ms as the messenger reports it (or the time the platform learnt of the join).
    join_time       bigint,
    left_at         timestamptz,
    updated_at      timestamptz  not null default now(),
    primary key (robot_serial_no, group_id, user_id)
);

-- The group commands this service published: whose they were and what they named, so that their results and
-- failures are matched to the merchant that asked (docs/EVENTS.md, "What group-service does with robot events").
create table group_command (
    serial_no       varchar(64)  primary key,
    merchant_id     varchar(64)  not null,
    robot_serial_no varchar(256) not null,
    operation       varchar(64)  not null,
    group_id        varchar(256),
    created_at      timestamptz  not null default now()
);
create index group_command_created_at on group_command (created_at);
