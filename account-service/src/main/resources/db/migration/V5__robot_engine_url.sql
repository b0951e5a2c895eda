-- The engine of an engine-protocol robot (LINE_WS, CHAT68_WS, IM_HTTP; DESIGN §5), checked like a webhook URL
-- before it is stored. Null for LINE_DEVICE robots, which run on a device (device_no).
alter table robot add column engine_url varchar(2048);
