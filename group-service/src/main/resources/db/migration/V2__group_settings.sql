-- The settings an updateGroup result applied (docs/SOCIAL.md): null until the robot reports one.
alter table chat_group add column mute_all boolean;
alter table chat_group add column join_by_url boolean;
alter table chat_group add column notifications boolean;
alter table chat_group add column robot_nickname varchar(256);
