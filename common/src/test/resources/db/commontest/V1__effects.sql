-- Test-only tables: a state change that goes with an event, and the effects a consumer applies.
create table parcel (
    id   bigserial primary key,
    name varchar(64) not null
);
create table effect (
    id       bigserial primary key,
    event_id uuid        not null,
    name     varchar(64) not null
);
