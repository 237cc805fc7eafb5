--liquibase formatted sql

--changeset onduty:0160 splitStatements:false
-- An agent's command poll may wait (long polling) on any server instance; a command queued on any instance wakes it:
-- every insert notifies channel agent_command with the agent's id, delivered to every listening instance at commit.
create function notify_agent_command_queued() returns trigger language plpgsql as $$
begin
    perform pg_notify('agent_command', new.agent_id::text);
    return null;
end
$$;
create trigger agent_command_queued after insert on agent_command
    for each row execute function notify_agent_command_queued();
--rollback drop trigger agent_command_queued on agent_command;
--rollback drop function notify_agent_command_queued();
