--liquibase formatted sql

--changeset onduty:0035
-- The timesheet legend (ký hiệu chấm công): the symbol written in a day's cell for an attendance status or a
-- leave code, and which total of the C01a-HD form it counts in (paid by time, unpaid, paid by social insurance).
-- Configuration, seeded with the defaults public units use; an admin may change symbols, labels and totals.
create table timesheet_symbol (
    code        text        primary key check (code ~ '^[A-Z][A-Z0-9_]{0,31}$'),
    symbol      text        not null check (btrim(symbol) <> '' and length(symbol) <= 4 and position('/' in symbol) = 0),
    label_vi    text        not null check (btrim(label_vi) <> ''),
    label_en    text        not null check (btrim(label_en) <> ''),
    counts_as   text        not null check (counts_as in ('PAID', 'UNPAID', 'INSURANCE', 'NONE')),
    sort_order  integer     not null,
    updated_at  timestamptz not null default now()
);
insert into timesheet_symbol (code, symbol, label_vi, label_en, counts_as, sort_order) values
    ('WORKED',            '+',  'Lương thời gian (đi làm)',        'Worked (paid by time)',           'PAID',      10),
    ('DUTY',              '+',  'Trực thứ Bảy',                    'Saturday duty',                   'PAID',      20),
    ('OFFICIAL_BUSINESS', '+',  'Công tác',                        'Official business outside',       'PAID',      30),
    ('HOLIDAY',           'L',  'Nghỉ lễ, Tết',                    'Public holiday',                  'PAID',      40),
    ('ABSENT',            'V',  'Vắng không lý do',                'Absent without leave',            'UNPAID',    50),
    ('ANNUAL',            'P',  'Nghỉ phép',                       'Annual leave',                    'PAID',      60),
    ('SICK',              'Ô',  'Ốm, điều dưỡng',                  'Sick leave',                      'INSURANCE', 70),
    ('CHILD_SICK',        'Cô', 'Con ốm',                          'Child sick',                      'INSURANCE', 80),
    ('MATERNITY',         'TS', 'Thai sản',                        'Maternity',                       'INSURANCE', 90),
    ('ACCIDENT',          'T',  'Tai nạn',                         'Accident',                        'INSURANCE', 100),
    ('TRAINING',          'H',  'Hội nghị, học tập',               'Meeting, training',               'PAID',      110),
    ('COMPENSATORY',      'NB', 'Nghỉ bù',                         'Compensatory leave',              'PAID',      120),
    ('UNPAID',            'KL', 'Nghỉ không lương',                'Unpaid leave',                    'UNPAID',    130),
    ('STOPPAGE',          'N',  'Ngừng việc',                      'Work stoppage',                   'PAID',      140);
--rollback drop table timesheet_symbol;
