-- A merchant's own Open API rate limits (docs/API.md, "Rate limits"); null takes the platform default
-- (switchboard.rate.*). rate_* size the bucket of every operation but the message sends, send_rate_* the bucket
-- of sendMessage/sendGroupMessage. Set with PUT /admin/merchants/{id}/rate.
alter table merchant
    add column rate_per_second      numeric(10, 3) check (rate_per_second > 0),
    add column rate_burst           integer        check (rate_burst between 1 and 1000000),
    add column send_rate_per_second numeric(10, 3) check (send_rate_per_second > 0),
    add column send_rate_burst      integer        check (send_rate_burst between 1 and 1000000);
