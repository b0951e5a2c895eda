-- A complete group list can arrive as several groups.listed parts (docs/SOCIAL.md "Lists in parts"), consumed in
-- any order, possibly by several replicas. Each group a list names carries the list's serial (the newest list that
-- named it wins); the parts of a list are counted in group_list, and only when every part is stored are the robot's
-- groups that no part named (their serial is older) marked left. Serials are the platform's UUIDv7 serials, compared
-- byte-wise ("C"): a later serial is a later request.
alter table chat_group add column listed_serial_no varchar(64) collate "C";

create table group_list (
    robot_serial_no varchar(256) not null,
    serial_no       varchar(64)  collate "C" not null,
    -- How many parts the list was sent in, and which of them are stored.
    parts           integer      not null check (parts between 1 and 10000),
    seen            integer[]    not null default '{}',
    -- Set when the last part was stored; the newest complete list's row stays, to recognise older lists' late parts.
    completed_at    timestamptz,
    created_at      timestamptz  not null default now(),
    primary key (robot_serial_no, serial_no)
);
