-- The device's "take" of an SMS code may be retried after its answer was lost (callback-service retries look-ups).
-- The request id that consumed a code is kept, so a repeat of that request gets the same code instead of "none".
alter table phone_code add column taken_by_request varchar(64);

-- account-service's own deadline for logins (LoginDeadline) finds the robots that are logging in without a scan.
create index robot_logging_in on robot (id) where state = 4;
