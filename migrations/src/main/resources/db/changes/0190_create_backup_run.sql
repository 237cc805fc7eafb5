--liquibase formatted sql

--changeset onduty:0190
-- Each backup taken of this database (./onduty db backup, or the nightly one): when its snapshot was taken, where
-- it was written, how big, or why it failed. The age of the newest good one is the backup_age metric monitoring
-- alerts on. Written after the backup, outside its snapshot: a backup's own row is in the next backup.
create table backup_run (
    id           bigint generated always as identity primary key,
    kind         text        not null check (kind in ('manual', 'nightly')),
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    snapshot_at  timestamptz,
    file         text        not null,
    bytes        bigint      check (bytes >= 0),
    tables       integer     check (tables >= 0),
    row_count    bigint      check (row_count >= 0),
    error        text,
    check ((error is null) = (snapshot_at is not null and bytes is not null))
);
create index backup_run_good_idx on backup_run (snapshot_at desc) where error is null;
--rollback drop table backup_run;
