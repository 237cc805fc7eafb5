--liquibase formatted sql

--changeset onduty:0078
-- Where else an officer is rostered: a roster change checks the other sites' templates that name the officer,
-- found through this index (roster_change already has one by staff and date).
create index roster_template_slot_staff_idx on roster_template_slot (staff_id);
--rollback drop index roster_template_slot_staff_idx;
