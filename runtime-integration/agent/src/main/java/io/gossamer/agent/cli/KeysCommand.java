package io.gossamer.agent.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code gossamer-agent keys}: one key operation across the cluster, as {@code serf keys}. Keys
 * are shown by fingerprint only, never themselves.
 */
@Command(name = "keys", description = {"Lists, installs, uses or removes an encryption key on every member.",
        "Rotation: --install the new key, --use it, --remove the old one, each once every member acknowledged.",
        "Keys are base64 (as in gossamer.encrypt.keys) and shown by fingerprint only."})
final class KeysCommand extends ClientCommand {

    @ArgGroup(multiplicity = "1")
    Operation operation;

    static final class Operation {
        @Option(names = {"--list", "-list"}, required = true, description = "the keys every member holds")
        boolean list;
        @Option(names = {"--install", "-install"}, required = true, paramLabel = "KEY", description = "install KEY")
        String install;
        @Option(names = {"--use", "-use"}, required = true, paramLabel = "KEY", description = "encrypt with KEY")
        String use;
        @Option(names = {"--remove", "-remove"}, required = true, paramLabel = "KEY", description = "remove KEY")
        String remove;
    }

    @Option(names = {"--pool", "-pool"}, paramLabel = "lan|wan", description = "one pool only (default: each of the "
            + "agent's)")
    String pool;

    @Override
    int execute(AgentClient client) {
        String path = "/v1/operator/keyring" + (pool == null ? "" : "?pool=" + pool);
        JsonArray results;
        if (operation.list) {
            results = (JsonArray) client.get(path);
        } else {
            String key = operation.install != null ? operation.install : operation.use != null ? operation.use
                    : operation.remove;
            String body = new JsonObject().put("Key", key).encode();
            results = (JsonArray) (operation.install != null ? client.post(path, body)
                    : operation.use != null ? client.put(path, body, "application/json") : client.delete(path, body));
        }
        if (options.json()) {
            System.out.println(results.encodePrettily());
            return 0;
        }
        boolean all = true;
        for (Object o : results) {
            JsonObject r = (JsonObject) o;
            int acks = r.getInteger("Acknowledged");
            int nodes = r.getInteger("NumNodes");
            all &= acks == nodes;
            System.out.println(r.getString("Pool") + " pool: " + r.getString("Operation").toLowerCase(java.util.Locale.ROOT)
                    + (r.getString("Key") == null ? "" : " " + r.getString("Key")) + ", acknowledged by " + acks + "/"
                    + nodes + " members");
            for (Map.Entry<String, Object> k : r.getJsonObject("Keys")) {
                System.out.println("  " + k.getKey() + "  [" + k.getValue() + "/" + nodes + "]"
                        + (r.getJsonObject("PrimaryKeys").containsKey(k.getKey()) ? "  primary on "
                        + r.getJsonObject("PrimaryKeys").getValue(k.getKey()) : ""));
            }
            for (Map.Entry<String, Object> m : r.getJsonObject("Messages")) {
                System.out.println("  " + m.getKey() + ": " + m.getValue());
            }
        }
        return all ? 0 : 1;
    }
}
