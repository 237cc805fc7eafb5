package vn.onduty.server.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The privacy notice's versions and the officers' acknowledgements of them. */
@RegisterConstructorMapper(PrivacyNotice.class)
public interface PrivacyDao {

    String NOTICE = """
            select n.id, n.controller, n.contact, n.anonymise_after_months, n.text_vi, n.text_en, n.created_at,
                   u.username as created_by
              from privacy_notice n left join user_account u on u.id = n.created_by
            """;

    /** The version in force: the latest. Migration 0220 writes the first, so there always is one. */
    @SqlQuery(NOTICE + " order by n.id desc limit 1")
    PrivacyNotice current();

    @SqlQuery(NOTICE + " order by n.id desc limit 1 for update of n")
    PrivacyNotice lockCurrent();

    @SqlUpdate("""
            insert into privacy_notice (controller, contact, anonymise_after_months, text_vi, text_en, created_at, created_by)
            values (:controller, :contact, :months, :textVi, :textEn, :at, :by)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("controller") String controller, @Bind("contact") String contact, @Bind("months") int months,
                @Bind("textVi") String textVi, @Bind("textEn") String textEn, @Bind("at") Instant at,
                @Bind("by") Long createdBy);

    /** Whether this account is an officer's (linked to a staff record) that has not acknowledged the version in force. */
    @SqlQuery("""
            select u.staff_id is not null
                   and not exists (select 1 from privacy_notice_ack a
                                    where a.user_id = u.id and a.notice_id = (select max(id) from privacy_notice))
              from user_account u where u.id = :userId
            """)
    Optional<Boolean> pending(@Bind("userId") long userId);

    /** When this account acknowledged this version, if it did. */
    @SqlQuery("select acknowledged_at from privacy_notice_ack where user_id = :userId and notice_id = :noticeId")
    Optional<Instant> acknowledgedAt(@Bind("userId") long userId, @Bind("noticeId") long noticeId);

    @SqlUpdate("""
            insert into privacy_notice_ack (user_id, notice_id, acknowledged_at, ip) values (:userId, :noticeId, :at, :ip)
            on conflict (user_id, notice_id) do nothing
            """)
    int acknowledge(@Bind("userId") long userId, @Bind("noticeId") long noticeId, @Bind("at") Instant at,
                    @Bind("ip") String ip);

    /** How many active officers' accounts there are, and how many of them acknowledged the version in force. */
    @SqlQuery("""
            select count(*) as accounts,
                   count(*) filter (where exists (select 1 from privacy_notice_ack a
                                                   where a.user_id = u.id and a.notice_id = :noticeId)) as acknowledged
              from user_account u join staff s on s.id = u.staff_id
             where u.active and s.active
            """)
    @RegisterConstructorMapper(Acknowledgements.class)
    Acknowledgements acknowledgements(@Bind("noticeId") long noticeId);

    record Acknowledgements(long accounts, long acknowledged) {}

    /** The versions, newest first, for the administrator's history. */
    @SqlQuery(NOTICE + " order by n.id desc limit :limit")
    List<PrivacyNotice> versions(@Bind("limit") int limit);
}
