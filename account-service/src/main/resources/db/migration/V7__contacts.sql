-- Friends and contacts per robot (issue 8, docs/SOCIAL.md): one row per (robot, messenger user id), written from
-- the contacts.* robot events. A friend missing from a complete friend list is marked removed_at, not deleted, so
-- the merchant's history of who was a friend stays and a friend who comes back is the same row again.
create table contact (
    id              bigserial primary key,
    robot_serial_no varchar(256) not null references robot (robot_serial_no),
    -- The messenger's id (LINE mid, 68chat uid, IM node address): unique only within one robot's messenger.
    user_id         varchar(256) not null,
    -- Free text as the engine gives it (names, LINE's PreviewParm, URLs); unbounded so that one odd contact
    -- cannot make a 5,000-contact result fail as a whole.
    user_name       text,
    phone           varchar(32),
    avatar_url      text,
    preview_parm    text,
    -- LINE's Un2 (epoch ms) and Un11 (seed 001's 1003 fields); null on other protocols.
    un2             bigint,
    un11            integer,
    relation        varchar(16)  not null default 'friend' check (relation in ('friend', 'blocked', 'requested')),
    first_seen_at   timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    removed_at      timestamptz,
    -- The upsert key; also the keyset index getFriendList pages through (robot, user_id order).
    constraint contact_robot_user unique (robot_serial_no, user_id)
);
-- /admin/contacts pages by id, filtered by robot.
create index contact_robot_id on contact (robot_serial_no, id);

alter table robot
    -- When the last complete friend list was stored (null: never; getFriendList then asks the robot itself).
    add column contacts_listed_at            timestamptz,
    -- The getFriendList refresh in flight, so repeated calls share one command instead of each sending one.
    add column contacts_refresh_serial_no    varchar(64),
    add column contacts_refresh_requested_at timestamptz;
