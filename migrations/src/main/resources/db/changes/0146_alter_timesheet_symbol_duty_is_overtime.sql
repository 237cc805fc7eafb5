--liquibase formatted sql

--changeset onduty:0146
-- A duty Saturday is outside the 40-hour week (Decision 188/1999/QĐ-TTg), so it is overtime or repaid with a day off
-- (Labour Code 2019, Art. 107-108; Decree 145/2020/NĐ-CP, Art. 62), not an ordinary paid day: on the monthly sheet
-- C01a-HD it shows its own symbol and counts in no total; its hours go to the overtime sheet C01b-HD, whose legend
-- writes "NN" for overtime on a Saturday or Sunday. Only the seeded default is changed: an admin's own symbol stays.
update timesheet_symbol
   set symbol = 'NN', label_vi = 'Làm thêm ngày nghỉ (tính ở bảng chấm công làm thêm giờ)',
       label_en = 'Overtime on a rest day (counted on the overtime sheet)', counts_as = 'NONE', updated_at = now()
 where code = 'DUTY' and symbol = '+' and counts_as = 'PAID';
--rollback update timesheet_symbol set symbol = '+', label_vi = 'Trực thứ Bảy', label_en = 'Saturday duty', counts_as = 'PAID' where code = 'DUTY' and symbol = 'NN';
