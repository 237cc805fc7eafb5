--liquibase formatted sql

--changeset onduty:0122
-- (id, site_id) named as a key, so that a camera can require its agent to be at its own site (0123).
alter table device_agent add constraint device_agent_id_site_key unique (id, site_id);
--rollback alter table device_agent drop constraint device_agent_id_site_key;
