--liquibase formatted sql

--changeset onduty:0071
-- Stored joined measures (0068) name the leave type of a substitution made for leave (0070): renaming a
-- leave type is an input change like any other, so it touches every stored day.
create trigger leave_type_touch after update of name_vi, name_en on leave_type
    for each statement execute function quality_touch_everything();
--rollback drop trigger leave_type_touch on leave_type;
