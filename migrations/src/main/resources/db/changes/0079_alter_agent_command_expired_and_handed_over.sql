--liquibase formatted sql

--changeset onduty:0079
-- A command no agent finishes in time (the server's agentCommands.expireAfter) ends as EXPIRED instead of
-- waiting forever; handed_over_at is when its agent first received it (GET /api/agent/commands), null while
-- no agent has. An expired command is never handed over again; a late result of one is still taken.
alter table agent_command drop constraint agent_command_status_check;
alter table agent_command add constraint agent_command_status_check
    check (status in ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'CANCELLED', 'EXPIRED'));
alter table agent_command add column handed_over_at timestamptz;
--rollback alter table agent_command drop column handed_over_at;
--rollback update agent_command set status = 'FAILED', error = coalesce(error, 'expired') where status = 'EXPIRED';
--rollback alter table agent_command drop constraint agent_command_status_check;
--rollback alter table agent_command add constraint agent_command_status_check check (status in ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'CANCELLED'));
