-- The protocol-neutral link seam (DESIGN §1, docs/ARCHITECTURE.md "Robot links").

-- A command names the link that carries it (protocol, link_key): a device number for LINE_DEVICE, the robot for
-- engines. The driver's correlation id (LINE serial_no, engine task_id/id) replaces LINE's cmd in the model.
alter table command add column link_key varchar(256);
alter table command add column correlation_id varchar(128);
update command set link_key = coalesce(device_no, robot_serial_no);
-- LINE devices answer with the command serial as serial_no: that was the correlation all along.
update command set correlation_id = serial_no where protocol = 'LINE_DEVICE' and pushed_at is not null;
drop index command_device_status_seq;
alter table command drop column device_no;
alter table command drop column cmd;
-- A link's waiting commands, in order (flush on connect, periodic re-dispatch).
create index command_link_pending on command (protocol, link_key, seq) where status = 'PENDING';
-- Results that carry only the driver's correlation id.
create index command_link_correlation on command (protocol, link_key, correlation_id) where correlation_id is not null;

-- Which robot uses which link, and whether it should be connected: the truth a surviving replica needs to take
-- over engine links, and the merchant a robot belongs to (device callbacks are checked against it).
create table robot_link (
    robot_serial_no varchar(256) primary key,
    merchant_id     varchar(64)  not null,
    protocol        varchar(16)  not null,
    link_key        varchar(256) not null,
    engine_url      text,
    -- CONNECTED from a login on, DISCONNECTED after a logout: engine links of CONNECTED robots are held open.
    desired         varchar(16)  not null default 'CONNECTED' check (desired in ('CONNECTED', 'DISCONNECTED')),
    -- When the offline sweeper reported the robot's heartbeat lost; cleared (and "resumed" reported) by the next
    -- beat. In PostgreSQL, not only Redis, so a Redis flush cannot swallow the resumed report.
    lost_at         timestamptz,
    updated_at      timestamptz  not null default now()
);
create index robot_link_link on robot_link (protocol, link_key);
create index robot_link_desired on robot_link (protocol, desired);

-- Robots that already had commands keep their link and merchant.
insert into robot_link (robot_serial_no, merchant_id, protocol, link_key, desired)
select distinct on (robot_serial_no) robot_serial_no, merchant_id, protocol, link_key,
       case when operation = 'logout' and status = 'SUCCEEDED' then 'DISCONNECTED' else 'CONNECTED' end
from command
where robot_serial_no is not null and link_key is not null
order by robot_serial_no, seq desc;
