--liquibase formatted sql

--changeset onduty:0142
-- The civil-service grade (ngạch, e.g. "Chuyên viên") and its code (mã ngạch, e.g. "01.003"), which the timesheet
-- C01a-HD prints in its column "Ngạch, bậc lương hoặc cấp bậc chức vụ".
alter table staff add column grade text check (grade is null or btrim(grade) <> '');
alter table staff add column grade_code text check (grade_code is null or grade_code ~ '^[0-9A-Za-z.]{1,16}$');
--rollback alter table staff drop column grade_code;
--rollback alter table staff drop column grade;
