--liquibase formatted sql

--changeset onduty:0133
-- The key that signs device cookies (HMAC-SHA256). The server generates it on first use; it lives in the
-- database so that every instance behind a load balancer accepts every instance's cookies. A device cookie
-- only spares a browser the per-address limit and other clients' failures: it never replaces a password.
create table login_device_key (
    id          smallint    primary key check (id = 1),
    secret      bytea       not null check (length(secret) >= 32),
    created_at  timestamptz not null default now()
);
--rollback drop table login_device_key;
