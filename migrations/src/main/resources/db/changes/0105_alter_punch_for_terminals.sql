--liquibase formatted sql

--changeset onduty:0105
-- Punches from ZKTeco terminals go into the punch table, so attendance, its recompute, timesheets and the today
-- board read them exactly like sensor punches. A sensor punch keeps its (agent, stream, seq) and (sensor, slot,
-- score), as before; a terminal punch has none of these but its terminal record (exactly one punch per record),
-- the terminal, the PIN and the punch state the terminal recorded (0 check-in, 1 check-out, 2 break-out,
-- 3 break-in, 4 overtime-in, 5 overtime-out, 255 unknown; kept as sent, attendance reads only the time), the site
-- the terminal was adopted for when the punch was stored, and the PIN mapping that named its officer.
alter table punch
    alter column agent_id drop not null,
    alter column stream drop not null,
    alter column seq drop not null,
    alter column sensor_id drop not null,
    alter column slot drop not null,
    alter column score drop not null;
alter table punch
    add column site_id            bigint   constraint punch_site_fk references site (id),
    add column terminal_id        bigint   constraint punch_terminal_fk references terminal (id),
    add column terminal_record_id bigint   constraint punch_terminal_record_fk references terminal_record (id),
    add column pin                text,
    add column punch_state        smallint constraint punch_punch_state_check check (punch_state between 0 and 255),
    add column terminal_pin_id    bigint   constraint punch_terminal_pin_fk references terminal_pin (id);
alter table punch add constraint punch_source_check check (
    (terminal_id is null and terminal_record_id is null and site_id is null and pin is null and punch_state is null
        and terminal_pin_id is null and agent_id is not null and stream is not null and seq is not null
        and sensor_id is not null and slot is not null and score is not null)
    or (terminal_id is not null and terminal_record_id is not null and site_id is not null and pin is not null
        and punch_state is not null and agent_id is null and stream is null and seq is null and sensor_id is null
        and slot is null and score is null and enrollment_id is null));
alter table punch add constraint punch_terminal_record_key unique (terminal_record_id);
create index punch_terminal_pin_idx on punch (terminal_id, pin) where terminal_id is not null;
--rollback delete from punch_resolution where punch_id in (select id from punch where terminal_id is not null);
--rollback delete from punch where terminal_id is not null;
--rollback drop index punch_terminal_pin_idx;
--rollback alter table punch drop constraint punch_terminal_record_key;
--rollback alter table punch drop constraint punch_source_check;
--rollback alter table punch drop column terminal_pin_id, drop column punch_state, drop column pin, drop column terminal_record_id, drop column terminal_id, drop column site_id;
--rollback alter table punch alter column agent_id set not null, alter column stream set not null, alter column seq set not null, alter column sensor_id set not null, alter column slot set not null, alter column score set not null;
