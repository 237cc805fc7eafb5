--liquibase formatted sql

--changeset onduty:0210
-- What the camera sends and what watching it costs, as its agent's heartbeat reports them: the codec, the
-- picture size, the keyframe interval it measured, how it analyses the stream (keyframes alone, or every
-- packet decoded with one picture analysed every 2 s when keyframes are more than 4 s apart) and the CPU of
-- the camera's thread in % of one core. Null from an agent that does not send them.
alter table camera_status
    add column codec text constraint camera_status_codec_check check (length(codec) between 1 and 32),
    add column width integer constraint camera_status_width_check check (width > 0),
    add column height integer constraint camera_status_height_check check (height > 0),
    add column keyframe_interval_seconds double precision
        constraint camera_status_keyframe_interval_check check (keyframe_interval_seconds > 0),
    add column analysis text constraint camera_status_analysis_check check (analysis in ('keyframes', 'bounded')),
    add column cpu_percent double precision constraint camera_status_cpu_percent_check check (cpu_percent >= 0);
--rollback alter table camera_status drop column cpu_percent, drop column analysis, drop column keyframe_interval_seconds, drop column height, drop column width, drop column codec;
