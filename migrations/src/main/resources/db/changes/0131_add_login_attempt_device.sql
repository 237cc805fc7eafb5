--liquibase formatted sql

--changeset onduty:0131
-- The device cookie an attempt came with (its id), null without a valid one. The per-address limit counts and
-- refuses only attempts without: a browser that has signed in before is never refused for its address.
alter table login_attempt add column device text;
create index login_attempt_ip_unknown_device_idx on login_attempt (ip, at) where device is null and not success;
--rollback drop index login_attempt_ip_unknown_device_idx;
--rollback alter table login_attempt drop column device;
