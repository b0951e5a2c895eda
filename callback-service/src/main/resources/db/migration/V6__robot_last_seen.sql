-- Robot presence that survives a Redis flush (docs/LINE_DEVICE.md §5). Heartbeats stay in the Redis sorted set;
-- the replica that receives them also writes the newest one here, coarsely: one batched UPDATE per replica every
-- switchboard.callback.presence.persist-interval, not a write per beat. Null: the robot has not been online since
-- its last logout (or since this column exists), so it cannot be reported lost.
alter table robot_link add column last_seen_at timestamptz;
-- The sweeper's PostgreSQL pass reads the oldest unreported robots; the partial index holds only those.
create index robot_link_last_seen on robot_link (last_seen_at) where lost_at is null and last_seen_at is not null;
