--liquibase formatted sql

--changeset onduty:0053
-- A leave request: a range of half days (start date and session to end date and session) of one type.
-- slots is the same range as half-day numbers (epoch day * 2, + 1 for the afternoon), so that the database
-- itself refuses two live requests of one officer that share a session. steps is the chain as it was when the
-- request was made (a later change of the chain does not move requests already on their way).
-- status: PENDING (at step current_step), APPROVED, REJECTED, CANCELLED, CANCEL_REQUESTED (approved and begun;
-- the officer asked to cancel and an approver decides). substitute_staff_id: the officer an approver chose to stand in
-- at the requester's counters; put into the roster when the request is approved.
create table leave_request (
    id              bigint generated always as identity primary key,
    staff_id        bigint       not null constraint leave_request_staff_fk references staff (id),
    leave_type_id   bigint       not null constraint leave_request_type_fk references leave_type (id),
    start_date      date         not null,
    start_part      text         not null check (start_part in ('MORNING', 'AFTERNOON')),
    end_date        date         not null,
    end_part        text         not null check (end_part in ('MORNING', 'AFTERNOON')),
    slots           int8range    not null,
    days            numeric(5,1) not null check (days > 0),
    reason          text,
    status          text         not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'CANCEL_REQUESTED')),
    steps           jsonb        not null,
    current_step    integer,
    balance_warning text,
    substitute_staff_id bigint   constraint leave_request_substitute_fk references staff (id),
    requested_by    bigint       not null constraint leave_request_requested_by_fk references user_account (id),
    created_at      timestamptz  not null default now(),
    decided_at      timestamptz,
    cancelled_at    timestamptz,
    check (end_date > start_date or (end_date = start_date and not (start_part = 'AFTERNOON' and end_part = 'MORNING'))),
    check ((status = 'PENDING') = (current_step is not null)),
    constraint leave_request_overlap exclude using gist (staff_id with =, slots with &&)
        where (status in ('PENDING', 'APPROVED', 'CANCEL_REQUESTED'))
);
create index leave_request_staff_idx on leave_request (staff_id, start_date);
create index leave_request_open_idx on leave_request (status) where status in ('PENDING', 'CANCEL_REQUESTED');

-- A document for a request (certificate of marriage, sick note), stored in the database, at most 2 MB.
create table leave_attachment (
    request_id    bigint      primary key constraint leave_attachment_request_fk references leave_request (id),
    file_name     text        not null check (btrim(file_name) <> ''),
    content_type  text        not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    content       bytea       not null check (octet_length(content) between 1 and 2097152),
    created_at    timestamptz not null default now()
);

-- Each decision on a request: a step approved or rejected, a cancellation asked for, allowed or refused.
-- One decision per (request, step), so two approvers acting at once cannot both decide the same step.
create table leave_decision (
    id             bigint generated always as identity primary key,
    request_id     bigint      not null constraint leave_decision_request_fk references leave_request (id),
    step           integer     not null,
    action         text        not null check (action in ('APPROVE', 'REJECT', 'CANCEL', 'CANCEL_REQUEST',
                                                          'CANCEL_APPROVE', 'CANCEL_REJECT')),
    decided_by     bigint      not null constraint leave_decision_decided_by_fk references user_account (id),
    on_behalf_of   bigint      constraint leave_decision_on_behalf_of_fk references user_account (id),
    comment        text,
    decided_at     timestamptz not null default now()
);
create unique index leave_decision_step_key on leave_decision (request_id, step) where action in ('APPROVE', 'REJECT');
create index leave_decision_request_idx on leave_decision (request_id);
--rollback drop table leave_decision;
--rollback drop table leave_attachment;
--rollback drop table leave_request;
