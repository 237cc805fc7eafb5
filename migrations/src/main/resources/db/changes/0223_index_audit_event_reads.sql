--liquibase formatted sql

--changeset onduty:0223
-- Reads of other people's records are audited (action 'read.<what>'); a view refreshed within a few minutes that
-- shows nobody new is not written again, which asks for the viewer's latest read of the same view.
create index audit_event_read_idx on audit_event (actor_user_id, action, entity_id, id desc)
    where starts_with(action, 'read.');
--rollback drop index audit_event_read_idx;
