package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.anAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Login throttling as an office meets it: one NAT address for everyone, people who forget a password, someone
 * guessing, many attempts at once. The server trusts X-Forwarded-For here (as behind the office's proxy), so each
 * test speaks from its own address.
 */
class LoginThrottleIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(LoginThrottleIT.class);

    /**
     * bcrypt cost 8 (not the tests' usual 4): each check then takes long enough for parallel attempts to overlap,
     * as they do with the production cost. The per-address limit is 20 so that a test can reach it; the purge runs
     * every second.
     */
    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of(
            "server.applicationConnectors[0].useForwardedHeaders", "true",
            "auth.bcryptCost", "8",
            "auth.maxFailedLoginsPerAddress", "20",
            "auth.purgeInterval", "1s"));

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String FORM = "application/x-www-form-urlencoded";
    static final AtomicInteger ADDRESSES = new AtomicInteger(10);
    static Api admin;
    static ExecutorService pool;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", ADMIN_PASSWORD);
        admin = Api.at(APP).withHeader("X-Forwarded-For", "192.0.2.1").loggedInAs("quantri", ADMIN_PASSWORD);
        pool = Executors.newFixedThreadPool(50);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void fiftyParallelWrongPasswordsLetOnlyTheLimitReachThePasswordCheck() throws Exception {
        String username = newAccount();
        Api attacker = from(newAddress());
        AtomicInteger guesses = new AtomicInteger();
        List<Integer> statuses = inParallel(50, () -> attacker.post("/api/auth/login",
                Map.of("username", username, "password", "guess-" + guesses.incrementAndGet())).status());

        assertThat(statuses).filteredOn(s -> s == 401).as("answers after a password check").hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).as("refused before any check").hasSize(45);
        assertThat(DB.count("audit_event", "action = 'login.failure' and entity_id = '" + username + "'"))
                .as("password checks made").isEqualTo(5);
    }

    @Test
    void eachFailureAfterTheLockDoublesTheNextLock() {
        String username = newAccount();
        Api client = from(newAddress());
        for (int i = 1; i <= 5; i++) {
            assertThat(client.post("/api/auth/login", wrong(username)).status()).as("attempt %d", i).isEqualTo(401);
        }
        assertThat(retryAfter(client.post("/api/auth/login", right(username)))).isBetween(30L, 60L);

        lockEnds(username);
        assertThat(client.post("/api/auth/login", wrong(username)).status()).isEqualTo(401);
        assertThat(retryAfter(client.post("/api/auth/login", right(username)))).isBetween(90L, 120L);

        lockEnds(username);
        assertThat(client.post("/api/auth/login", wrong(username)).status()).isEqualTo(401);
        assertThat(retryAfter(client.post("/api/auth/login", right(username)))).isBetween(210L, 240L);

        lockEnds(username);
        assertThat(client.post("/api/auth/login", right(username)).status()).as("the right password once the lock ends")
                .isEqualTo(200);
        for (int i = 1; i <= 4; i++) {
            assertThat(client.post("/api/auth/login", wrong(username)).status()).as("after a success, attempt %d", i)
                    .isEqualTo(401);
        }
        assertThat(client.post("/api/auth/login", right(username)).status()).as("a success forgot the count").isEqualTo(200);
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLast() {
        String username = newAccount();
        Api client = from(newAddress());
        for (int i = 1; i <= 5; i++) {
            client.post("/api/auth/login", wrong(username));
        }
        DB.jdbi().useHandle(h -> h.execute("update login_throttle set last_failure_at = now() - interval '24 hours 1 minute',"
                + " locked_until = now() - interval '23 hours' where username = ?", username));

        assertThat(client.post("/api/auth/login", wrong(username)).status()).isEqualTo(401);
        assertThat(client.post("/api/auth/login", right(username)).status()).as("one failure, not six").isEqualTo(200);
    }

    @Test
    void oneOfficersForgottenPasswordDoesNotLockTheirOfficeOut() throws Exception {
        // The reported case: 50 wrong passwords typed at once for one officer, then the administrator at the same address.
        String officer = newAccount();
        Api office = from(newAddress());
        List<Integer> statuses = inParallel(50, () -> office.post("/api/auth/login", wrong(officer)).status());
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);

        assertThat(office.post("/api/auth/login", Map.of("username", "quantri", "password", ADMIN_PASSWORD)).status())
                .isEqualTo(200);
        assertThat(office.post("/api/auth/login", right(newAccount())).status()).isEqualTo(200);
    }

    @Test
    void anAddressOverItsLimitRefusesNewBrowsersButNeverOneThatSignedInBefore() {
        String address = newAddress();
        String regular = newAccount();
        String colleague = newAccount();
        String device = webLogin(address, null, regular, Org.PASSWORD).cookieValue(DeviceCookies.COOKIE).orElseThrow();
        for (int i = 1; i <= 20; i++) {
            assertThat(from(address).post("/api/auth/login", wrong("nobody" + Org.unique())).status())
                    .as("attempt %d", i).isEqualTo(401);
        }

        Reply newBrowser = webLogin(address, null, colleague, Org.PASSWORD);
        Reply knownBrowser = webLogin(address, device, regular, Org.PASSWORD);
        Reply knownBrowserOtherAccount = webLogin(address, device, colleague, Org.PASSWORD);
        Reply forgedCookie = webLogin(address, tampered(device), colleague, Org.PASSWORD);
        Reply otherAddress = webLogin(newAddress(), null, colleague, Org.PASSWORD);

        assertThat(newBrowser.status()).isEqualTo(429);
        assertThat(newBrowser.header("Retry-After")).isPresent();
        assertThat(newBrowser.body()).contains("Đăng nhập sai quá nhiều lần");
        assertThat(knownBrowser.status()).as("%s", knownBrowser).isEqualTo(303);
        assertThat(knownBrowserOtherAccount.status()).as("%s", knownBrowserOtherAccount).isEqualTo(303);
        assertThat(forgedCookie.status()).isEqualTo(429);
        assertThat(otherAddress.status()).isEqualTo(303);
        assertThat(DB.count("login_attempt", "ip = '" + address + "' and not success")).isEqualTo(20);
    }

    @Test
    void someoneGuessingCannotLockTheOwnersBrowserOut() {
        String owner = newAccount();
        String device = webLogin(newAddress(), null, owner, Org.PASSWORD).cookieValue(DeviceCookies.COOKIE).orElseThrow();
        Api stranger = from(newAddress());
        for (int i = 1; i <= 8; i++) {
            stranger.post("/api/auth/login", wrong(owner));
        }
        assertThat(stranger.post("/api/auth/login", right(owner)).status()).isEqualTo(429);

        assertThat(webLogin(newAddress(), device, owner, Org.PASSWORD).status()).as("the owner's browser").isEqualTo(303);

        // The owner's browser has its own count, and is throttled by it like anyone.
        for (int i = 1; i <= 5; i++) {
            assertThat(webLogin(newAddress(), device, owner, "not-it-" + i).status()).isEqualTo(401);
        }
        assertThat(webLogin(newAddress(), device, owner, Org.PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void refusalsDuringALockAreAuditedOnce() {
        String username = newAccount();
        Api client = from(newAddress());
        for (int i = 1; i <= 5; i++) {
            client.post("/api/auth/login", wrong(username));
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(client.post("/api/auth/login", right(username)).status()).isEqualTo(429);
        }

        assertThat(DB.count("audit_event", "action = 'login.throttled' and entity_id = '" + username + "'")).isEqualTo(1);
        assertThat(DB.rows("select refused from login_throttle where username = ?", username))
                .extracting(r -> r.get("refused")).containsExactly(10);
    }

    @Test
    void theAdminSeesTheLocksAndLiftsOne() {
        String username = newAccount();
        String address = newAddress();
        for (int i = 1; i <= 5; i++) {
            from(address).post("/api/auth/login", wrong(username));
        }
        for (int i = 1; i <= 20; i++) {
            from(address).post("/api/auth/login", wrong("nobody" + Org.unique()));
        }

        JsonNode locks = admin.get("/api/login-locks").json();
        JsonNode account = find(locks.get("accounts"), "username", username);
        assertThat(account.get("knownBrowser").asBoolean()).isFalse();
        assertThat(account.get("failures").asInt()).isEqualTo(5);
        assertThat(account.get("accountId").asLong()).isPositive();
        assertThat(Instant.parse(account.get("lockedUntil").asText())).isAfter(Instant.now());
        JsonNode blocked = find(locks.get("addresses"), "ip", address);
        assertThat(blocked.get("failures").asInt()).as("the last five were refused, not counted").isEqualTo(20);
        assertThat(Instant.parse(blocked.get("until").asText())).isBetween(Instant.now().plus(Duration.ofMinutes(55)),
                Instant.now().plus(Duration.ofMinutes(61)));

        Reply page = adminBrowser().get("/admin/accounts");
        assertThat(page.body()).contains("id=\"login-locks\"", ">" + username + "</a>", "Địa chỉ " + address);

        Reply lifted = admin.post("/api/login-locks/accounts/" + username + "/lift", null);
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(lifted.json().get("lifted").asInt()).isEqualTo(1);
        assertThat(from(newAddress()).post("/api/auth/login", right(username)).status()).isEqualTo(200);
        assertThat(from(address).post("/api/auth/login", right(newAccount())).status()).as("the address is still over")
                .isEqualTo(429);

        String session = Browser.session(APP, "quantri", ADMIN_PASSWORD);
        Reply liftAddress = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session).postRaw(
                "/admin/accounts/locks/lift", FORM, Browser.form("address", address, "_csrf", Browser.csrfToken(APP, session)));
        assertThat(liftAddress.status()).isEqualTo(303);
        assertThat(from(address).post("/api/auth/login", right(newAccount())).status()).isEqualTo(200);
        assertThat(DB.count("audit_event", "action = 'login.unlock' and entity_id in ('" + username + "', '" + address + "')"))
                .isEqualTo(2);
        assertThat(admin.get("/api/login-locks").json().get("addresses").toString()).doesNotContain(address);
    }

    @Test
    void aPasswordResetByTheAdminLiftsTheLock() {
        Org.Body account = anAccount("SUPERVISOR");
        long id = account.createdBy(admin);
        String username = account.get("username").toString();
        Api client = from(newAddress());
        for (int i = 1; i <= 7; i++) {
            client.post("/api/auth/login", wrong(username));
        }
        assertThat(client.post("/api/auth/login", right(username)).status()).isEqualTo(429);

        assertThat(admin.post("/api/accounts/" + id + "/password", Map.of("password", "mat-khau-moi-2026")).status())
                .isEqualTo(200);

        assertThat(client.post("/api/auth/login", Map.of("username", username, "password", "mat-khau-moi-2026")).status())
                .isEqualTo(200);
        assertThat(DB.count("audit_event", "action = 'account.password_reset' and entity_id = '" + id
                + "' and after->>'loginLocksLifted' = '1'")).isEqualTo(1);
    }

    /**
     * Throttling state that no longer locks or counts is purged on a schedule, while a lock in force stays. Login
     * attempts and ended sessions themselves are records, deleted by the retention job (RetentionIT, LOGINS).
     */
    @Test
    void throttlingStateThatNoLongerLocksOrCountsIsPurgedOnASchedule() throws InterruptedException {
        String forgotten = newAccount();
        String locked = newAccount();
        Api attacker = from(newAddress());
        for (String username : List.of(forgotten, locked)) {
            for (int i = 0; i < 5; i++) {
                attacker.post("/api/auth/login", Map.of("username", username, "password", "wrong-" + i));
            }
        }
        String staleAddress = newAddress();
        DB.jdbi().useHandle(h -> {
            h.execute("update login_throttle set locked_until = now() - interval '2 days',"
                    + " last_failure_at = now() - interval '2 days' where username = ?", forgotten);
            h.execute("insert into login_address_refusal (ip, first_at, last_at, refused)"
                    + " values (?, now() - interval '3 hours', now() - interval '2 hours', 7)", staleAddress);
        });

        for (int i = 0; i < 100 && (DB.count("login_throttle", "username = '" + forgotten + "'") > 0
                || DB.count("login_address_refusal", "ip = '" + staleAddress + "'") > 0); i++) {
            Thread.sleep(100);
        }

        assertThat(DB.count("login_throttle", "username = '" + forgotten + "'")).as("an old lock, forgotten").isZero();
        assertThat(DB.count("login_address_refusal", "ip = '" + staleAddress + "'")).as("an old episode").isZero();
        assertThat(DB.count("login_throttle", "username = '" + locked + "' and locked_until > now()"))
                .as("the lock in force").isOne();
        assertThat(attacker.post("/api/auth/login", Map.of("username", locked, "password", "wrong-6")).status())
                .isEqualTo(429);
    }

    // ---- helpers ----

    /** The same request {@code n} times at once: every thread waits for one start signal. */
    static List<Integer> inParallel(int n, Callable<Integer> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return request.call();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        return statuses;
    }

    static String newAccount() {
        Org.Body account = anAccount("SUPERVISOR");
        account.createdBy(admin);
        return account.get("username").toString();
    }

    static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    static Api from(String address) {
        return Api.at(APP).withHeader("X-Forwarded-For", address);
    }

    static Api adminBrowser() {
        return Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", ADMIN_PASSWORD));
    }

    static Map<String, String> wrong(String username) {
        return Map.of("username", username, "password", "wrong-" + Org.unique());
    }

    static Map<String, String> right(String username) {
        return Map.of("username", username, "password", Org.PASSWORD);
    }

    static long retryAfter(Reply r) {
        assertThat(r.status()).as("%s", r).isEqualTo(429);
        return Long.parseLong(r.header("Retry-After").orElseThrow());
    }

    /** The lock's time is up (the failure count stays). */
    static void lockEnds(String username) {
        DB.jdbi().useHandle(h -> h.execute("update login_throttle set locked_until = now() - interval '1 second'"
                + " where username = ? and locked_until is not null", username));
    }

    /** The login form as a browser at {@code address} posts it, with its device cookie if it has one. */
    static Reply webLogin(String address, String deviceCookie, String username, String password) {
        Api browser = Browser.at(APP).withHeader("X-Forwarded-For", address);
        Reply form = browser.get("/login");
        String csrf = form.cookieValue("ONDUTY_LOGIN_CSRF").orElseThrow();
        String cookies = "ONDUTY_LOGIN_CSRF=" + csrf + (deviceCookie == null ? "" : "; " + DeviceCookies.COOKIE + "=" + deviceCookie);
        return browser.withHeader("Cookie", cookies).postRaw("/login", FORM,
                Browser.form("username", username, "password", password, "next", "/", "_csrf", csrf));
    }

    /** The same cookie with one character of its signature changed. */
    static String tampered(String cookie) {
        char last = cookie.charAt(cookie.length() - 2);
        return cookie.substring(0, cookie.length() - 2) + (last == 'A' ? 'B' : 'A') + cookie.charAt(cookie.length() - 1);
    }

    static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " = " + value + " in " + items);
    }
}
