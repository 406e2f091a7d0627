package io.gossamer.swim;

import io.gossamer.swim.wire.WireLimits;
import io.gossamer.swim.wire.WireText;

import java.util.Map;
import java.util.Optional;

/**
 * What the wire format allows of a member's tags, for whoever checks them before handing them to
 * a {@link SwimNode} (the engine checks them again, with the same rules).
 */
public final class Tags {

    /** Largest encoded size of a member's tags, as memberlist's {@code MetaMaxSize}. */
    public static final int MAX_BYTES = WireLimits.MAX_TAGS_BYTES;
    /** The most UTF-8 bytes of one tag's name. */
    public static final int MAX_NAME_BYTES = WireLimits.MAX_TAG_KEY_BYTES;
    /** The most UTF-8 bytes of one tag's value. */
    public static final int MAX_VALUE_BYTES = WireLimits.MAX_TAG_VALUE_BYTES;

    private Tags() {
    }

    /** Why {@code name} cannot be a tag name (an identifier: no white space, no control characters...). */
    public static Optional<String> nameProblem(String name) {
        return Optional.ofNullable(WireText.identifierProblem(name));
    }

    /** Why {@code value} cannot be a tag value (text: no control, format or private-use characters...). */
    public static Optional<String> valueProblem(String value) {
        return Optional.ofNullable(WireText.textProblem(value));
    }

    /**
     * Checks that {@code tags} can be encoded and take at most {@link #MAX_BYTES}, counting
     * 2 + the UTF-8 length of name and value per tag.
     *
     * @return their encoded size
     * @throws IllegalArgumentException saying what is wrong otherwise
     */
    public static int check(Map<String, String> tags) {
        return WireLimits.checkTags(tags);
    }
}
