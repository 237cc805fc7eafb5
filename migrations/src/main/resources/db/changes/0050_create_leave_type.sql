--liquibase formatted sql

--changeset onduty:0050
-- Leave types (loại nghỉ), configurable by an admin and seeded with the Vietnamese defaults (Labour Code 2019,
-- Art. 113-115; Social Insurance Law for sick leave and maternity). timesheet_code is the legend entry the
-- timesheet writes for a session of this leave (several types may share one: all paid personal leave is "R").
-- balance_rule: NONE (not tracked), WARN (tracked, a request over the balance is accepted with a warning),
-- BLOCK (a request over the balance is refused). allocation: how the yearly entitlement is computed
-- (ANNUAL: 12/14/16 by post category + 1 per full 5 years, pro rata in the first year; SICK: 30/40/60 by
-- years of service; FIXED: yearly_days; NONE: no allocation, only manual entries).
-- max_days: the most one request may cover (own marriage 3, child's marriage 1, bereavement 3), null = no limit.
insert into timesheet_symbol (code, symbol, label_vi, label_en, counts_as, sort_order) values
    ('PERSONAL_PAID', 'R', 'Nghỉ việc riêng có lương', 'Paid personal leave', 'PAID', 125);

alter table staff add column post_category text not null default 'NORMAL'
    check (post_category in ('NORMAL', 'HEAVY', 'VERY_HEAVY'));
comment on column staff.post_category is
    'Annual leave base by post: NORMAL 12 working days, HEAVY 14 (heavy, hazardous or dangerous posts), VERY_HEAVY 16';

create extension if not exists btree_gist;

create table leave_type (
    id                 bigint generated always as identity primary key,
    code               text        not null check (code ~ '^[A-Z][A-Z0-9_]{0,31}$'),
    name_vi            text        not null check (btrim(name_vi) <> ''),
    name_en            text        not null check (btrim(name_en) <> ''),
    timesheet_code     text        not null constraint leave_type_timesheet_code_fk references timesheet_symbol (code),
    paid               boolean     not null,
    balance_rule       text        not null check (balance_rule in ('NONE', 'WARN', 'BLOCK')),
    allocation         text        not null check (allocation in ('NONE', 'ANNUAL', 'SICK', 'FIXED')),
    yearly_days        numeric(5,1) check (yearly_days is null or yearly_days >= 0),
    max_days           numeric(5,1) check (max_days is null or max_days > 0),
    half_days_allowed  boolean     not null,
    document_required  boolean     not null,
    sort_order         integer     not null default 100,
    active             boolean     not null default true,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint leave_type_code_key unique (code),
    check (allocation <> 'FIXED' or yearly_days is not null),
    check (allocation = 'NONE' or balance_rule <> 'NONE')
);
insert into leave_type (code, name_vi, name_en, timesheet_code, paid, balance_rule, allocation, yearly_days, max_days,
                        half_days_allowed, document_required, sort_order) values
    ('ANNUAL',          'Nghỉ phép năm',                        'Annual leave',                        'ANNUAL',        true,  'BLOCK', 'ANNUAL', null, null, true,  false, 10),
    ('MARRIAGE',        'Nghỉ kết hôn (3 ngày)',                'Own marriage (3 days)',               'PERSONAL_PAID', true,  'NONE',  'NONE',   null, 3,    false, true,  20),
    ('CHILD_MARRIAGE',  'Con kết hôn (1 ngày)',                 'Child''s marriage (1 day)',           'PERSONAL_PAID', true,  'NONE',  'NONE',   null, 1,    false, true,  30),
    ('BEREAVEMENT',     'Tang cha, mẹ, vợ/chồng, con (3 ngày)', 'Death of parent, spouse, child (3 days)', 'PERSONAL_PAID', true, 'NONE', 'NONE', null, 3,    false, true,  40),
    ('PERSONAL_UNPAID', 'Việc riêng không lương (1 ngày)',      'Unpaid personal leave (1 day)',       'UNPAID',        false, 'NONE',  'NONE',   null, 1,    false, false, 50),
    ('UNPAID',          'Nghỉ không lương (thỏa thuận)',        'Unpaid leave by agreement',           'UNPAID',        false, 'NONE',  'NONE',   null, null, true,  false, 60),
    ('SICK',            'Nghỉ ốm (BHXH)',                       'Sick leave (social insurance)',       'SICK',          true,  'WARN',  'SICK',   null, null, true,  true,  70),
    ('CHILD_SICK',      'Con ốm (BHXH)',                        'Child sick (social insurance)',       'CHILD_SICK',    true,  'NONE',  'NONE',   null, null, true,  true,  80),
    ('MATERNITY',       'Thai sản (6 tháng)',                   'Maternity (6 months)',                'MATERNITY',     true,  'NONE',  'NONE',   null, null, false, true,  90),
    ('COMPENSATORY',    'Nghỉ bù',                              'Compensatory leave',                  'COMPENSATORY',  true,  'NONE',  'NONE',   null, null, true,  false, 100),
    ('TRAINING',        'Học tập, công tác',                    'Training, official business',         'TRAINING',      true,  'NONE',  'NONE',   null, null, true,  false, 110);
--rollback drop table leave_type;
--rollback alter table staff drop column post_category;
--rollback delete from timesheet_symbol where code = 'PERSONAL_PAID';
