--liquibase formatted sql

--changeset onduty:0123
-- A camera belongs to one agent, at the camera's site: only that agent is given it (GET /api/agent/cameras) and
-- only its occupancy events are taken. Before, every agent of the site watched every camera of the site, and a
-- second agent's start and stop replaced the first one's intervals. Existing cameras go to their site's oldest
-- active agent (the one that has been watching them); a site without one leaves them without an agent until an
-- admin chooses one. Null: no agent watches the camera.
alter table camera add column agent_id bigint;
alter table camera add constraint camera_agent_fk foreign key (agent_id, site_id) references device_agent (id, site_id);
create index camera_agent_idx on camera (agent_id);
update camera c
   set agent_id = (select a.id from device_agent a
                    where a.site_id = c.site_id and a.active
                    order by a.created_at, a.id
                    limit 1);
--rollback drop index camera_agent_idx;
--rollback alter table camera drop constraint camera_agent_fk;
--rollback alter table camera drop column agent_id;
