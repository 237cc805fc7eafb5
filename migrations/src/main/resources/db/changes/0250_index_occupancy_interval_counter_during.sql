--liquibase formatted sql

--changeset onduty:0250 runInTransaction:false
-- Finds a counter's occupancy intervals that overlap a range (a month of counter presence) by the range itself: the
-- (counter_id, started_at) index reads every interval of the counter that started before the range's end, its whole
-- history, and the ended_at index every interval of every counter ending after its start (GrowthBench, docs/growth.md).
-- Built concurrently: ingest keeps writing to the table while it is built.
create index concurrently if not exists occupancy_interval_counter_during_idx
    on occupancy_interval using gist (counter_id, tstzrange(started_at, ended_at, '[)'));
--rollback drop index concurrently if exists occupancy_interval_counter_during_idx;
