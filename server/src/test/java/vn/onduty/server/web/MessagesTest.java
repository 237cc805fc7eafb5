package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.onduty.server.org.account.AccountAdminPages;

/** The page texts: both languages complete, every key a page asks for present, no English left in Vietnamese. */
class MessagesTest {

    /** {@code t("key")} or {@code t("key", args)}: a key written out whole in a template. */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\(\"([^\"]+)\"\\s*[,)]");
    /** {@code t("role." + r)}: a key built from a prefix at render time. */
    private static final Pattern KEY_PREFIX = Pattern.compile("\\bt\\(\"([^\"]+)\"\\s*\\+");
    /** A key named in the web package's or a page class's Java code, e.g. a page title: {@code "departments.title"}. */
    private static final Pattern JAVA_KEY = Pattern.compile("\"([a-z][A-Za-z]*(?:\\.[A-Za-z]+)+)\"");
    /** Keys whose text may be the same in both languages. None so far; add one only with a reason. */
    private static final Set<String> SAME_IN_BOTH = Set.of();

    private final Properties vi = bundle("vi");
    private final Properties en = bundle("en");

    @Test
    void vietnameseAndEnglishHaveTheSameKeys() {
        assertThat(vi.stringPropertyNames()).isNotEmpty();
        assertThat(missing(vi.stringPropertyNames(), en)).as("keys in Vietnamese, missing in English").isEmpty();
        assertThat(missing(en.stringPropertyNames(), vi)).as("keys in English, missing in Vietnamese").isEmpty();
    }

    @Test
    void everyKeyATemplateAsksForIsInBothLanguages() throws Exception {
        Map<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> templates = templates()) {
            templates.forEach(t -> matches(LITERAL_KEY, read(t)).forEach(key ->
                    used.computeIfAbsent(key, k -> new TreeSet<>()).add(t.getFileName().toString())));
        }
        // Guards the test itself: a regex that stopped matching would otherwise pass on nothing.
        assertThat(used).hasSizeGreaterThan(100);
        for (Properties bundle : new Properties[] {vi, en}) {
            Map<String, Set<String>> missing = new TreeMap<>(used);
            missing.keySet().removeAll(bundle.stringPropertyNames());
            assertThat(missing).as("keys used in templates (and where), missing in " + name(bundle)).isEmpty();
        }
    }

    @Test
    void everyKeyFamilyATemplateBuildsIsComplete() throws Exception {
        Set<String> prefixes = new TreeSet<>();
        try (Stream<Path> templates = templates()) {
            templates.forEach(t -> prefixes.addAll(matches(KEY_PREFIX, read(t))));
        }
        assertThat(prefixes).contains("done.", "role.", "language.");
        for (String prefix : prefixes) {
            assertThat(vi.stringPropertyNames()).as("some key starting with " + prefix)
                    .anyMatch(k -> k.startsWith(prefix));
        }
        Set<String> needed = new TreeSet<>();
        ListFilters.DONE.forEach(d -> needed.add("done." + d));
        AccountAdminPages.ROLES.forEach(r -> needed.add("role." + r));
        I18n.LANGUAGES.forEach(l -> needed.add("language." + l));
        assertThat(missing(needed, vi)).isEmpty();
        assertThat(missing(needed, en)).isEmpty();
    }

    @Test
    void everyKeyTheWebCodeNamesIsInBothLanguages() throws Exception {
        Path server = Path.of("src/main/java/vn/onduty/server");
        assertThat(server.resolve("web")).as("run from the server module").isDirectory();
        Set<String> named = new TreeSet<>(Forms.RULES.values());
        // The web package and every feature's page classes: they name the keys of titles and messages.
        try (Stream<Path> sources = Files.walk(server)) {
            sources.filter(p -> p.getParent().endsWith("web") || p.getFileName().toString().matches(".*Pages?\\.java"))
                    .forEach(p -> matches(JAVA_KEY, read(p)).stream()
                            // File names, not keys: templates and downloads such as the import template.
                            .filter(k -> !k.endsWith(".ftlh") && !k.endsWith(".xlsx"))
                            .forEach(named::add));
        }
        assertThat(named).contains("departments.title", "validation.password", "rule.lastAdmin");
        assertThat(missing(named, vi)).as("keys named in web/*.java and *Pages.java, missing in Vietnamese").isEmpty();
        assertThat(missing(named, en)).as("keys named in web/*.java and *Pages.java, missing in English").isEmpty();
    }

    @Test
    void vietnameseTextsAreNotEnglishCopies() {
        Set<String> copied = new TreeSet<>();
        for (String key : vi.stringPropertyNames()) {
            if (!SAME_IN_BOTH.contains(key) && vi.getProperty(key).equals(en.getProperty(key))) {
                copied.add(key);
            }
        }
        assertThat(copied).as("keys with the same text in Vietnamese and English").isEmpty();
    }

    @Test
    void pageTitlesAreWrittenWithTheirDiacritics() {
        // "Tai khoan" for "Tài khoản" is how a keyboard without Telex slips through review.
        Set<String> titles = new TreeSet<>();
        vi.stringPropertyNames().stream().filter(k -> k.endsWith(".title")).forEach(titles::add);
        assertThat(titles).contains("departments.title", "counters.title", "staff.title", "accounts.title",
                "agents.title", "myStaff.title");
        for (String key : titles) {
            assertThat(vi.getProperty(key)).as(key).matches(".*[^\\x00-\\x7F].*");
        }
    }

    @Test
    void textsWithArgumentsHaveNoBareApostrophe() {
        // MessageFormat treats ' as a quote: "account's {0}" would print "accounts {0}".
        for (Properties bundle : new Properties[] {vi, en}) {
            for (String key : bundle.stringPropertyNames()) {
                String text = bundle.getProperty(key);
                if (text.contains("{0")) {
                    assertThat(text).as(key).doesNotContain("'");
                }
            }
        }
    }

    private String name(Properties bundle) {
        return bundle == vi ? "messages_vi.properties" : "messages_en.properties";
    }

    private static Properties bundle(String language) {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            assertThat(in).as("messages_" + language + ".properties on the classpath").isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    private static Stream<Path> templates() throws IOException, URISyntaxException {
        Path views = Path.of(MessagesTest.class.getResource("/views").toURI());
        return Files.walk(views).filter(p -> p.toString().endsWith(".ftlh"));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> missing(Set<String> keys, Properties bundle) {
        Set<String> out = new TreeSet<>(keys);
        out.removeAll(bundle.stringPropertyNames());
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
