package io.gossamer.swim;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.SwimMetrics;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A node run alone in a JVM of the heap the README recommends ({@code -Xmx64m}), for
 * {@link SmallHeapAttackTest}: prints {@code PORT <n>}, then on each {@code report} line of its
 * standard input {@code REPORT <fields>} (its counters, its members, and the most heap it held
 * live after any collection, which is what an attack must not push to the limit), on each
 * {@code live} line {@code LIVE <bytes>} (the heap in use after a full collection), and exits on
 * {@code exit} or at the end of its input.
 */
public final class SmallHeapTarget {

    private static final AtomicLong LIVE_PEAK = new AtomicLong();
    private static final AtomicLong LIVE_PEAK_FULL = new AtomicLong();

    private SmallHeapTarget() {
    }

    public static void main(String[] args) throws Exception {
        watchCollections();
        SwimNode node = TestSupport.await(SwimNode.start(
                SwimConfig.builder(Profile.LAN).name("target").cluster("test").build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                        .build()));
        System.out.println("PORT " + node.localMember().port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            if (line.equals("report")) {
                SwimMetrics m = node.metrics();
                System.out.println("REPORT internalErrors=" + m.internalErrors() + " tooLarge="
                        + m.drops().getOrDefault("TOO_LARGE", 0L) + " accepted=" + m.streamsAccepted()
                        + " received=" + m.streamBytesReceived() + " livePeak=" + LIVE_PEAK.get()
                        + " livePeakFull=" + LIVE_PEAK_FULL.get()
                        + " maxHeap=" + Runtime.getRuntime().maxMemory()
                        + " members=" + node.members().size() + " membersRefused=" + m.guard().newMembersRefused());
                System.out.flush();
            } else if (line.equals("live")) {
                System.gc();
                System.out.println("LIVE " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                System.out.flush();
            }
        }
        node.close();
        System.exit(0);
    }

    /** Records the heap in use after each collection: the live data, garbage aside. */
    private static void watchCollections() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                LIVE_PEAK.accumulateAndGet(used, Math::max);
                if (info.getGcAction().contains("major")) {
                    LIVE_PEAK_FULL.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}
