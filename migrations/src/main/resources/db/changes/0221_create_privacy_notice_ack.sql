--liquibase formatted sql

--changeset onduty:0221
-- An officer's "I have read it" for one version of the privacy notice (0220), from their own account.
create table privacy_notice_ack (
    user_id          bigint      not null constraint privacy_notice_ack_user_fk references user_account (id),
    notice_id        bigint      not null constraint privacy_notice_ack_notice_fk references privacy_notice (id),
    acknowledged_at  timestamptz not null default now(),
    ip               text,
    primary key (user_id, notice_id)
);
--rollback drop table privacy_notice_ack;
