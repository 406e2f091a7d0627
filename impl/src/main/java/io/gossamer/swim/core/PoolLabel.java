package io.gossamer.swim.core;

import io.gossamer.Pool;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A packet label understood as {@code cluster/pool[/datacenter]}: {@code prod/lan/dc1} for the LAN
 * pool of datacenter {@code dc1}, {@code prod/wan} for the cluster's WAN pool. These are the labels
 * {@link io.gossamer.swim.config.SwimConfig} derives; a custom label that does not have this shape has no
 * {@code PoolLabel} and is only ever compared byte for byte.
 *
 * @param cluster    the cluster name, non-empty
 * @param pool       the pool
 * @param datacenter the datacenter for a LAN label; empty for a WAN label
 */
record PoolLabel(String cluster, Pool pool, String datacenter) {

    PoolLabel {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(datacenter, "datacenter");
    }

    /**
     * Parses {@code label}; empty unless it is exactly {@code cluster/lan/datacenter} or
     * {@code cluster/wan} with non-empty, printable parts. Never throws: the label may come from
     * anyone.
     */
    static Optional<PoolLabel> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (!printable(part)) {
                return Optional.empty();
            }
        }
        if (parts[1].equals(name(Pool.LAN)) && parts.length == 3) {
            return Optional.of(new PoolLabel(parts[0], Pool.LAN, parts[2]));
        }
        if (parts[1].equals(name(Pool.WAN)) && parts.length == 2) {
            return Optional.of(new PoolLabel(parts[0], Pool.WAN, ""));
        }
        return Optional.empty();
    }

    /** How the pool is written in a label. */
    static String name(Pool pool) {
        return pool.name().toLowerCase(Locale.ROOT);
    }

    private static boolean printable(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); ) {
            int cp = part.codePointAt(i);
            i += Character.charCount(cp);
            // U+FFFD stands for bytes that were not UTF-8: such a label is nobody's.
            if (Character.isISOControl(cp) || Character.isWhitespace(cp) || cp == 0xFFFD
                    || Character.getType(cp) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return cluster + "/" + name(pool) + (pool == Pool.LAN ? "/" + datacenter : "");
    }
}
