package vn.onduty.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What terminals send, read line by line; what the server answers, byte for byte. */
class IclockParsingTest {

    @Test
    void readsEachRecordOnceAndKeepsEveryUnreadableLineAsideWithItsReason() {
        IclockParsing.AttBatch batch = IclockParsing.attlog(String.join("\r\n",
                "1\t2026-11-26 07:31:05\t0\t1\t0\t0\t0",
                "",
                "1\t2026-11-26 07:31:05\t0\t1\t0\t0\t0",
                "1\t2026-11-26 07:31:05\t1\t1\t0\t0\t0",
                "2\t2026-02-30 07:31:05\t0\t1",
                "3\t2026-11-26 07:31\t0",
                "4\t1999-12-31 23:59:59\t0",
                "5\t2026-11-26 08:00:00",
                "6\t2026-11-26 08:00:00\t256",
                "7\t2026-11-26 08:00:00\t0\tfinger",
                "PIN 8\t2026-11-26 08:00:00\t0",
                "9\t2026-11-26 08:00:00\t5\t\t\t",
                "\u0000\u0001\u00ff"));
        assertThat(batch.lines()).isEqualTo(12);
        assertThat(batch.records()).extracting(IclockParsing.AttRecord::key)
                .containsExactly("1\t2026-11-26T07:31:05\t0", "1\t2026-11-26T07:31:05\t1", "9\t2026-11-26T08:00\t5");
        assertThat(batch.records().get(2).verify()).isNull();
        assertThat(batch.rejected()).extracting(IclockParsing.Rejected::code)
                .containsExactly("time", "time", "year", "fields", "state", "verify", "pin", "fields");
        assertThat(batch.rejected().get(0).reason()).contains("2026-02-30 07:31:05");
        assertThat(batch.rejected().get(0).line()).isEqualTo("2\t2026-02-30 07:31:05\t0\t1");
    }

    @Test
    void keepsTheUsersOfAnOperationLogAndDropsTemplatesUnread() {
        IclockParsing.OperBatch batch = IclockParsing.operlog(String.join("\n",
                "USER PIN=12\tName=Nguyễn Thị Lan\tPri=0\tPasswd=4321\tCard=[00C8D7A1]\tGrp=1\tTZ=0000000000000000",
                "FP PIN=12\tFID=6\tSize=1180\tValid=1\tTMP=TVNTUzIxAAADoKMECAUHCc7QAAAboWkBAAAAgxMY",
                "BIODATA Pin=12\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=39\tMinorVer=1\tFormat=0\tTmp=AAAA",
                "OPLOG 4\t0\t2026-11-26 07:00:00\t0\t0\t0\t0",
                "user PIN=13\tName=\tPri=14",
                "USER Name=nobody",
                "WHATEVER x=1"));
        assertThat(batch.lines()).isEqualTo(7);
        assertThat(batch.users()).containsExactly(new IclockParsing.UserRecord("12", "Nguyễn Thị Lan", 0),
                new IclockParsing.UserRecord("13", null, 14));
        assertThat(batch.biometric()).isEqualTo(2);
        assertThat(batch.other()).isEqualTo(1);
        assertThat(batch.rejected()).extracting(IclockParsing.Rejected::code).containsExactly("userPin", "record");
        assertThat(batch.users().toString()).doesNotContain("4321", "00C8D7A1");
    }

    @Test
    void readsCommandResultsWithTheValuesThatFollowThem() {
        var results = IclockParsing.commandResults(String.join("\n",
                "ID=7&Return=0&CMD=DATA",
                "ID=8&Return=0&CMD=INFO",
                "~DeviceName=MB460",
                "FWVersion=Ver 6.60 Sep 23 2015",
                "~OEMVendor=ZKTECO CO., LTD.",
                "ID=9&Return=-10&CMD=DATA",
                "ID=x&Return=0"));
        assertThat(results).hasSize(3);
        assertThat(results.get(0).id()).isEqualTo(7);
        assertThat(results.get(1).values()).containsEntry("DeviceName", "MB460")
                .containsEntry("FWVersion", "Ver 6.60 Sep 23 2015").containsEntry("OEMVendor", "ZKTECO CO., LTD.");
        assertThat(results.get(2).returnCode()).isEqualTo(-10);
    }

    @Test
    void readsThePollsInfoAndTheOptionsATerminalUploads() {
        assertThat(IclockParsing.info("Ver 8.0.4.2-20221026,3,5,120,192.168.1.201,10,7,15,0,111"))
                .containsEntry("firmware", "Ver 8.0.4.2-20221026").containsEntry("userCount", "3")
                .containsEntry("recordCount", "120").containsEntry("ipAddress", "192.168.1.201");
        assertThat(IclockParsing.options("~DeviceName=SpeedFace-V5L,~OEMVendor=ZKTECO CO., LTD.,FWVersion=ZAM180,"
                + "IPAddress=10.0.0.7")).containsEntry("DeviceName", "SpeedFace-V5L")
                .containsEntry("OEMVendor", "ZKTECO CO., LTD.").containsEntry("IPAddress", "10.0.0.7");
        assertThat(IclockParsing.tableUsers("user uid=1\tcardno=\tpin=5\tpassword=\tgroup=1\tname=Hải\tprivilege=0\n"))
                .containsExactly(new IclockParsing.UserRecord("5", "Hải", 0));
    }

    @Test
    void answersTheHandshakeWithStoredStampsAndTheSitesWholeHourOffset() {
        IclockReplies.Timing timing = new IclockReplies.Timing(10, 30, 1);
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        assertThat(IclockReplies.options("CKUT1", "9999", null, ZoneId.of("Asia/Ho_Chi_Minh"), now, timing, "2.4.1", 3))
                .isEqualTo("""
                        GET OPTION FROM: CKUT1
                        ATTLOGStamp=9999
                        OPERLOGStamp=None
                        ATTPHOTOStamp=None
                        ErrorDelay=30
                        Delay=10
                        TransTimes=00:00;14:05
                        TransInterval=1
                        TransFlag=TransData AttLog\tOpLog\tEnrollUser\tChgUser
                        TimeZone=7
                        Realtime=1
                        Encrypt=None
                        ServerVer=2.4.1
                        PushProtVer=2.4.1
                        """);
        // A zone of a fraction of an hour would be truncated by the terminal: it is left out.
        assertThat(IclockReplies.options("CKUT1", null, null, ZoneId.of("Asia/Kolkata"), now, timing, "2.4.1", 3))
                .doesNotContain("TimeZone=");
        assertThat(IclockReplies.options("CKUT1", null, null, ZoneId.of("Asia/Ho_Chi_Minh"), now, timing, "3.1.2", 3))
                .startsWith("registry=ok\nRegistryCode=");
    }

    @Test
    void encodesTheTimeAsTerminalsDo() {
        // Worked by hand: 2026 is year 26, November month index 10, the 26th day index 25:
        // (26·12·31 + 10·31 + 25) days = 10,007 days; 10,007 × 86,400 + 7·3,600 + 31·60 + 5.
        assertThat(IclockReplies.encodeTime(LocalDateTime.of(2026, 11, 26, 7, 31, 5))).isEqualTo(864_631_865L);
        assertThat(IclockReplies.encodeTime(LocalDateTime.of(2000, 1, 1, 0, 0))).isZero();
        for (LocalDateTime t = LocalDateTime.of(2024, 2, 28, 23, 59, 58); t.isBefore(LocalDateTime.of(2024, 3, 2, 0, 0));
             t = t.plusHours(7).plusSeconds(1)) {
            assertThat(IclockReplies.decodeTime(IclockReplies.encodeTime(t))).isEqualTo(t);
        }
        assertThat(IclockReplies.time(Instant.parse("2026-11-26T00:31:05Z"), ZoneId.of("Asia/Ho_Chi_Minh")))
                .isEqualTo("DateTime=864631865,ServerTZ=+0700\n");
    }

    @Test
    void writesCommandsAsTerminalsReadThem() {
        assertThat(IclockReplies.userUpdate("12", "Nguyễn Thị\tPhương\nHoa Quỳnh Anh Thư"))
                .isEqualTo("DATA UPDATE USERINFO PIN=12\tName=Nguyễn Thị Phương Hoa Qu\tPri=0\tPasswd=\tCard=\tGrp=1"
                        + "\tTZ=0000000000000000");
        assertThat(IclockReplies.reupload(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 27)))
                .isEqualTo("DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-27 23:59:59");
        assertThat(IclockReplies.commandLine(41, "INFO")).isEqualTo("C:41:INFO\n");
    }

    @Test
    void anOlderStampNeverReplacesANewerOne() {
        assertThat(IclockService.laterStamp(null, "100")).isEqualTo("100");
        assertThat(IclockService.laterStamp("100", "99")).isEqualTo("100");
        assertThat(IclockService.laterStamp("100", "101")).isEqualTo("101");
        assertThat(IclockService.laterStamp("100", null)).isEqualTo("100");
        assertThat(IclockService.laterStamp("100", "2026-11-26T07:00")).isEqualTo("2026-11-26T07:00");
    }

    @Test
    void checksAnAddressRangeWithoutLookingANameUp() {
        assertThat(TerminalService.checkRange("192.168.1.0/24")).isEqualTo("192.168.1.0/24");
        assertThat(TerminalService.checkRange(" 10.0.0.21 ")).isEqualTo("10.0.0.21");
        assertThat(TerminalService.checkRange("fd00::/8")).isEqualTo("fd00::/8");
        assertThat(TerminalService.checkRange("")).isNull();
        for (String bad : new String[] {"10.0.0.256", "10.0.0.0/33", "localhost", "abc", "fd00::/129", "10.0.0.0/x"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TerminalService.checkRange(bad)).as(bad)
                    .hasMessageContaining("allowedRange");
        }
    }
}
