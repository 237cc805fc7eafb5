--liquibase formatted sql

--changeset onduty:0220
-- What officers are told about the personal data OnDuty keeps of them (Law 91/2025/QH15 on personal data
-- protection, the data subject's right to be informed): the notice as an administrator set it. Each save is a new
-- row and the latest one is in force; an acknowledgement names the row it acknowledges, so a changed notice is shown
-- again. text_vi / text_en null means the default text shipped with the server (privacy/notice_vi.txt, _en.txt),
-- which, like an administrator's own text, may use {controller}, {contact} and {retention}.
-- anonymise_after_months: how long after an officer's end of service their records keep their name; after that an
-- administrator may anonymise them (figures stay, name, contact and free-text reasons go).
create table privacy_notice (
    id                      bigint generated always as identity primary key,
    controller              text        not null check (btrim(controller) <> ''),
    contact                 text        not null check (btrim(contact) <> ''),
    anonymise_after_months  integer     not null check (anonymise_after_months between 0 and 1200),
    text_vi                 text        check (text_vi is null or btrim(text_vi) <> ''),
    text_en                 text        check (text_en is null or btrim(text_en) <> ''),
    created_at              timestamptz not null default now(),
    created_by              bigint      constraint privacy_notice_created_by_fk references user_account (id)
);
insert into privacy_notice (controller, contact, anonymise_after_months)
values ('Trung tâm Phục vụ hành chính công', 'Văn phòng Trung tâm, người quản trị OnDuty', 60);
--rollback drop table privacy_notice;
