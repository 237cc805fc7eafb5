package vn.onduty.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A ZKTeco-family terminal as the server's ADMS endpoints see it: plain HTTP requests with its serial number, text
 * bodies, text answers, exactly as docs/adms-protocol.md describes them. No Accept header, as terminals send none.
 */
public final class Terminal {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Api http;
    private final String serialNumber;

    private Terminal(Api http, String serialNumber) {
        this.http = http;
        this.serialNumber = serialNumber;
    }

    public static Terminal at(DropwizardAppExtension<?> app, String serialNumber) {
        return new Terminal(Api.at(app).withHeader("Accept", "*/*"), serialNumber);
    }

    /** A serial number no other test uses. */
    public static String newSerialNumber() {
        return "CKUT" + (210_000_000 + Org.unique());
    }

    public String serialNumber() {
        return serialNumber;
    }

    public Reply handshake() {
        return http.get("/iclock/cdata?SN=" + serialNumber + "&options=all&pushver=2.4.1&language=69");
    }

    /** POST /iclock/cdata?SN=…&table=…&Stamp=…, the body sent as given. */
    public Reply upload(String table, String stamp, String body) {
        return http.send("POST", "/iclock/cdata?SN=" + serialNumber + "&table=" + table
                + (stamp == null ? "" : "&Stamp=" + stamp), "text/plain", body);
    }

    /** One ATTLOG line: PIN, time, state, verify 1 (fingerprint), work code 0, two reserved fields. */
    public static String attlog(String pin, LocalDateTime localTime, int state) {
        return pin + "\t" + localTime.format(TIME) + "\t" + state + "\t1\t0\t0\t0";
    }

    /** A command poll, with the INFO parameter of a terminal that reports itself. */
    public Reply poll() {
        return http.get("/iclock/getrequest?SN=" + serialNumber + "&INFO="
                + URLEncoder.encode("Ver 8.0.4.2-20221026,3,5,120,192.168.1.201,10,7,15,0,111", StandardCharsets.UTF_8));
    }

    /** GET /iclock/ping: a terminal busy uploading says it is alive. */
    public Reply ping() {
        return http.get("/iclock/ping?SN=" + serialNumber);
    }

    public Reply result(String body) {
        return http.send("POST", "/iclock/devicecmd?SN=" + serialNumber, "text/plain", body);
    }

    /** The answer's text, insisting on 200. */
    public static String ok(Reply r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }
}
