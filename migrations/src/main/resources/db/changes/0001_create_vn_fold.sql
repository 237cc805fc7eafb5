--liquibase formatted sql

--changeset onduty:0001 splitStatements:false
--comment: Folds Vietnamese text for search, so "nguyen van an" finds "Nguyễn Văn An". Independent of the server's locale.
create function vn_fold(s text) returns text
language sql immutable strict parallel safe
as $$
  select lower(translate(normalize(s, NFC),
    'àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))
$$;
--rollback drop function vn_fold(text);
