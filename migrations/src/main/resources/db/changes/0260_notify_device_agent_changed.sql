--liquibase formatted sql

--changeset onduty:0260 splitStatements:false
-- Every server instance keeps the agents' tokens it has resolved in memory (login/AgentTokens), so that an agent's
-- requests do not each look its token up. A change that could refuse or re-attribute a token (deactivation, a new
-- token, another site or name, deletion) notifies channel device_agent with the agent's id, delivered at commit to
-- every listening instance, which forgets that agent. Last contact and clock columns change often and notify nothing.
create function notify_device_agent_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('device_agent', old.id::text);
    return null;
end
$$;
create trigger device_agent_changed after update of active, token_hash, site_id, name or delete on device_agent
    for each row execute function notify_device_agent_changed();
--rollback drop trigger device_agent_changed on device_agent;
--rollback drop function notify_device_agent_changed();
