package io.gossamer.swim.wire;

/**
 * Which characters names and tags may hold, on the wire and in configuration. Two rules:
 * <ul>
 * <li><b>identifiers</b> (member names, the {@code from} of a suspicion or death, ping targets,
 *     datacenters, roles, clusters, tag keys): no control characters (U+0000–U+001F,
 *     U+007F–U+009F), no line or paragraph separators (U+2028, U+2029), no invisible or
 *     bidirectional format characters (U+00AD, U+061C, U+180E, U+200B–U+200F, U+202A–U+202E,
 *     U+2060–U+2064, U+2066–U+206F, U+FEFF, U+FFF9–U+FFFB), no private-use characters (U+E000–U+F8FF,
 *     planes 15 and 16), no noncharacters (U+FDD0–U+FDEF and the last two of every plane), no
 *     U+FFFD, and no white space (U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000);</li>
 * <li><b>text</b> (tag values): the same, except that white space is allowed.</li>
 * </ul>
 * Everything else of Unicode is allowed: names are not limited to ASCII. The lists are fixed code
 * points, not Unicode categories, so that nodes on JDKs of different Unicode versions agree on
 * what a valid datagram is (a category check on a character unassigned in one version and assigned
 * in the next would make one node drop what another sends). What they exclude is what can forge
 * or hide text in logs, event lines and exception messages: a name from a peer ends up in all of
 * them. Lengths are {@link WireLimits}' business.
 */
public final class WireText {

    private WireText() {
    }

    /**
     * Why {@code s} is not a valid identifier, or null if it is. The reason names the offending
     * character by code point and position, never quotes the rest.
     */
    public static String identifierProblem(String s) {
        return problem(s, false);
    }

    /** Why {@code s} is not valid text (a tag value), or null if it is. */
    public static String textProblem(String s) {
        return problem(s, true);
    }

    /**
     * {@code s} checked as an identifier of at most {@code maxBytes} bytes of UTF-8.
     *
     * @throws IllegalArgumentException naming {@code what} and the problem
     */
    public static void checkIdentifier(String s, int maxBytes, String what) {
        WireLimits.utf8Length(s, maxBytes, what);
        String problem = identifierProblem(s);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
    }

    private static String problem(String s, boolean spaces) {
        int index = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                return "holds an unpaired surrogate at character " + index;
            }
            if (forbidden(cp) || (!spaces && isSpace(cp))) {
                return "holds U+" + String.format("%04X", cp) + " at character " + index
                        + (isSpace(cp) ? " (white space is not allowed)" : " (control, format, separator, private-use "
                        + "or noncharacter code points are not allowed)");
            }
            index++;
        }
        return null;
    }

    private static boolean forbidden(int cp) {
        return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)
                || cp == 0x2028 || cp == 0x2029
                || cp == 0xAD || cp == 0x61C || cp == 0x180E
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F)
                || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xFFFD
                || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static boolean isSpace(int cp) {
        return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
