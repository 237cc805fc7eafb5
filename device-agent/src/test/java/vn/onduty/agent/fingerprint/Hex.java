package vn.onduty.agent.fingerprint;

import java.util.HexFormat;

/** Byte vectors written the way DESIGN §4 and module datasheets print them: "EF 01 FF ...". */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String string(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}
