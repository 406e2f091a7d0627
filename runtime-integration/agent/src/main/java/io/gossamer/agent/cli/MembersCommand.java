package io.gossamer.agent.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code gossamer-agent members}: the agent's view of its pool, as {@code serf members} prints it. */
@Command(name = "members", description = {"Lists the members the agent knows, with their address, state and tags.",
        "Filters match whole values as regular expressions, as serf members' do."})
final class MembersCommand extends ClientCommand {

    @Option(names = {"--status", "-status"}, paramLabel = "REGEXP",
            description = "only members whose state matches: alive, suspect, damped, dead, left")
    String status;

    @Option(names = {"--name", "-name"}, paramLabel = "REGEXP", description = "only members whose name matches")
    String name;

    @Option(names = {"--tag", "-tag"}, paramLabel = "KEY=REGEXP", description = "only members whose tag matches; "
            + "repeatable, all must match")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = {"--wan", "-wan"}, description = "the WAN pool's members (a server's)")
    boolean wan;

    @Option(names = {"--detailed", "-detailed"}, description = "also datacenter, role, incarnation and round trip")
    boolean detailed;

    @Override
    int execute(AgentClient client) {
        JsonArray all = (JsonArray) client.get("/v1/agent/members" + pool(wan));
        List<JsonObject> shown = all.stream().map(JsonObject.class::cast).filter(this::matches).toList();
        if (options.json()) {
            System.out.println(new JsonArray(shown).encodePrettily());
            return 0;
        }
        int nameWidth = shown.stream().mapToInt(m -> m.getString("Name").length()).max().orElse(4);
        int addressWidth = shown.stream().mapToInt(m -> address(m).length()).max().orElse(7);
        for (JsonObject m : shown) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + addressWidth
                    + "s  %-7s", m.getString("Name"), address(m), state(m)));
            if (detailed) {
                Double rtt = m.getDouble("RoundTripMs");
                line.append(String.format(Locale.ROOT, "  dc=%s role=%s incarnation=%d rtt=%s", m.getString("Datacenter"),
                        m.getString("Role"), m.getLong("Incarnation"),
                        rtt == null ? "-" : String.format(Locale.ROOT, "%.3fms", rtt)));
            }
            line.append("  ").append(tags(m));
            System.out.println(line.toString().stripTrailing());
        }
        return 0;
    }

    private boolean matches(JsonObject m) {
        if (status != null && !Pattern.compile(status).matcher(state(m)).matches()) {
            return false;
        }
        if (name != null && !Pattern.compile(name).matcher(m.getString("Name")).matches()) {
            return false;
        }
        JsonObject memberTags = m.getJsonObject("Tags");
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String value = memberTags.getString(t.getKey());
            if (value == null || !Pattern.compile(t.getValue()).matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String address(JsonObject m) {
        String host = m.getString("Addr");
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + m.getInteger("Port");
    }

    private static String state(JsonObject m) {
        return m.getString("State").toLowerCase(Locale.ROOT);
    }

    private static String tags(JsonObject m) {
        return m.getJsonObject("Tags").getMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
