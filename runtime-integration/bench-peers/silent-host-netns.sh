#!/bin/bash
# A silent host on real sockets, Gossamer's lan-fast against Serf's LAN profile.
#
# N network namespaces on one bridge (10.77.0.1 to 10.77.0.N), each with a Gossamer agent
# (gossamer.profile=lan-fast, port 7947) and a Serf agent (-profile=lan, port 7946). Once both
# clusters have converged, node 3's link goes down: a pulled cable or a powered-off host, so nothing
# answers and nothing refuses. Every survivor's DEAD (Gossamer) or EventMemberFailed (Serf) line is
# timed from that moment; the summary also counts members the survivors declared dead wrongly.
#
# Needs root, iproute2, perl and serf (apt-get install serf), and the agent jar:
#   mvn -B -pl runtime-integration/agent -am package -DskipTests
#   sudo runtime-integration/bench-peers/silent-host-netns.sh 5 1     # N=5, run 1
#   sudo WARMUP=1 runtime-integration/bench-peers/silent-host-netns.sh 50 1   # N=50, node 50 dies first
# Environment: WARMUP=1 (a first death before the measured one), SETTLED (the machine's busy
# percentage the fault waits for, 50), GOSSAMER_JVM (more options for the agents' JVMs).
# Output: target/silent-host/n<N>-r<RUN>/ (summary, and every agent's timestamped output).
set -u
N=$1; RUN=$2; V=3
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$HERE/../agent/target/gossamer-agent.jar
OUT=$HERE/target/silent-host/n$N-r$RUN; rm -rf $OUT; mkdir -p $OUT
# GOSSAMER_JVM adds options, a java.util.logging configuration, say, that shows which rule decided
# each verdict (DEBUG of io.gossamer.swim.core.SwimCore).
JVM="-XX:+UseSerialGC -Xms8m -Xmx64m -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss256k ${GOSSAMER_JVM:-}"
stamp() { perl -MTime::HiRes=time -ne '$|=1; printf "%.3f %s", time, $_'; }
# The kernel's ARP table is shared by every namespace, 1,024 entries by default: at N = 50 each node
# needs 49 and a new neighbour's resolution fails ("neighbor table overflow" in dmesg), so some
# agents could never reach the seed. Raised for the run, restored after.
NEIGH=net.ipv4.neigh.default
OLD_THRESH="$(sysctl -n $NEIGH.gc_thresh1) $(sysctl -n $NEIGH.gc_thresh2) $(sysctl -n $NEIGH.gc_thresh3)"
cleanup() {
  for i in $(seq 1 $N); do ip netns pids gns$i 2>/dev/null | xargs -r kill -9 2>/dev/null; ip netns del gns$i 2>/dev/null; done
  ip link del gbr0 2>/dev/null
}
restore() {
  cleanup
  set -- $OLD_THRESH
  sysctl -qw $NEIGH.gc_thresh1=$1 $NEIGH.gc_thresh2=$2 $NEIGH.gc_thresh3=$3
}
# Each agent's traffic counters (its stats command, written to its stdin): the drops by reason,
# summed over the survivors, go in the summary, before the fault and after it.
stats() {
  for i in $(seq 1 $N); do [ $i != $V ] && [ $i != $W ] && echo stats >> $OUT/g$i.cmd; done
  sleep 3
  echo "$1 the fault, the survivors' drops: $(for f in $OUT/g*.log; do grep ' STATS ' $f | tail -1; done \
    | grep -o 'drops-by-reason=[^ ]*' | cut -d= -f2 | tr ',' '\n' \
    | awk -F: '{s[$1]+=$2} END {for (k in s) printf "%s:%d ", k, s[k]}')" >> $OUT/summary
  # What no agent sees: datagrams the kernel dropped at a full receive buffer, every socket of
  # the survivors' namespaces together (Serf's and Gossamer's).
  echo "$1 the fault, the survivors' kernels dropped at full receive buffers: $(for i in $(seq 1 $N); do \
    [ $i != $V ] && [ $i != $W ] && ip netns exec gns$i awk '/^Udp:/ && $1 == "Udp:" && $5 ~ /^[0-9]+$/ {print $6}' /proc/net/snmp; \
    done | awk '{s += $1} END {print s + 0}') datagrams" >> $OUT/summary
}
cleanup
trap restore EXIT
NEED=$((N * N * 4))
set -- $OLD_THRESH
[ $NEED -gt $3 ] && sysctl -qw $NEIGH.gc_thresh1=$((NEED / 4)) $NEIGH.gc_thresh2=$((NEED / 2)) $NEIGH.gc_thresh3=$NEED
ip link add gbr0 type bridge && ip link set gbr0 up
for i in $(seq 1 $N); do
  ip netns add gns$i
  ip link add gv$i type veth peer name eth0 netns gns$i
  ip link set gv$i master gbr0 up
  ip netns exec gns$i ip addr add 10.77.0.$i/24 dev eth0
  ip netns exec gns$i ip link set eth0 up
  ip netns exec gns$i ip link set lo up
done
for i in $(seq 1 $N); do
  seeds=""; [ $i -gt 1 ] && seeds="-Dgossamer.seeds=10.77.0.1:7947"
  : > $OUT/g$i.cmd
  (tail -f $OUT/g$i.cmd | ip netns exec gns$i java $JVM -Dgossamer.node-name=g$i -Dgossamer.cluster=netns \
     -Dgossamer.bind-address=10.77.0.$i -Dgossamer.bind-port=7947 -Dgossamer.profile=lan-fast $seeds \
     -jar $JAR run 2>$OUT/g$i.err | stamp > $OUT/g$i.log) &
  # -retry-join: a plain -join fails, and the agent exits, if it races the seed's start
  join=""; [ $i -gt 1 ] && join="-retry-join=10.77.0.1:7946 -retry-interval=1s"
  (ip netns exec gns$i serf agent -node=s$i -bind=10.77.0.$i:7946 -rpc-addr=127.0.0.1:7373 -profile=lan \
     -log-level=info $join 2>&1 | stamp > $OUT/s$i.log) &
done
# converged: every Gossamer agent saw N joins, every Serf agent N-1 EventMemberJoin (itself not logged as join)
for t in $(seq 1 240); do
  ok=1
  for i in $(seq 1 $N); do
    [ "$(grep -c ' JOINED ' $OUT/g$i.log 2>/dev/null)" -ge $N ] || ok=0
    [ "$(grep -c 'EventMemberJoin' $OUT/s$i.log 2>/dev/null)" -ge $N ] || ok=0
  done
  [ $ok = 1 ] && break; sleep 0.5
done
echo "converged=$ok after $t polls" > $OUT/summary
sleep 15
# WARMUP=1: node N's link goes down first, and the measured fault waits until every survivor of
# both clusters has declared it dead. A JVM's first death loads and compiles the code that handles
# one (and Weld resolves the observers of a new event type); 49 JVMs doing that at once on two
# cores slowed the gossip of the measured death to half a second a hop, which times the machine,
# not the protocol: on hosts of their own each JVM pays it alone, once. Node N is then left out of
# the survivors, and the clusters have N - 1 live members when the measured fault comes.
W=0
if [ "${WARMUP:-0}" = 1 ]; then
  W=$N
  ip netns exec gns$W ip link set eth0 down
  for t in $(seq 1 120); do
    ok=1
    for i in $(seq 1 $N); do
      [ $i = $W ] && continue
      grep -q " DEAD g$W " $OUT/g$i.log || ok=0
      grep -q "EventMemberFailed: s$W " $OUT/s$i.log || ok=0
    done
    [ $ok = 1 ] && break; sleep 0.5
  done
  echo "warm-up: node $W's death seen by every survivor=$ok after $t polls" >> $OUT/summary
fi
# The machine settles before the fault: 2N processes starting on two cores keep them busy for a
# minute or more after the clusters converge (JIT compilation, at N = 50), and an agent starved of
# CPU loses datagrams whichever protocol it runs, which times the machine, not the protocol. The
# fault comes once the machine has been at most SETTLED % busy over 5 s, or after 3 minutes; the
# summary says which, and how busy the machine was before and after the fault.
SETTLED=${SETTLED:-50}
cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
busy_over() { # percent of the machine busy over the next $1 seconds
  local a b; a=($(cpu)); sleep $1; b=($(cpu))
  echo $(( 100 * (b[0] - a[0]) / (b[1] - a[1] > 0 ? b[1] - a[1] : 1) ))
}
for w in $(seq 1 36); do
  pct=$(busy_over 5)
  [ $pct -le $SETTLED ] && break
done
stats before
echo "busy ${pct}% over the 5 s before the fault (waited $((5 * w)) s; load average $(cut -d' ' -f1 /proc/loadavg))" >> $OUT/summary
T0=$(perl -MTime::HiRes=time -e 'printf "%.3f", time')
ip netns exec gns$V ip link set eth0 down
echo "T0=$T0" >> $OUT/summary
echo "busy $(busy_over 25)% over the 25 s after the fault" >> $OUT/summary
stats after
for i in $(seq 1 $N); do
  [ $i = $V ] || [ $i = $W ] && continue
  g=$(grep -m1 " DEAD g$V " $OUT/g$i.log | awk -v t=$T0 '{printf "%.0f", ($1-t)*1000}')
  s=$(grep -m1 "EventMemberFailed: s$V " $OUT/s$i.log | awk -v t=$T0 '{printf "%.0f", ($1-t)*1000}')
  echo "survivor $i gossamer-lan-fast=${g:-none} serf=${s:-none}" >> $OUT/summary
done
fg=0; fs=0
for i in $(seq 1 $N); do
  [ $i = $V ] || [ $i = $W ] && continue
  fg=$((fg + $(grep ' DEAD ' $OUT/g$i.log | grep -v " DEAD g$W " | grep -vc " DEAD g$V ")))
  fs=$((fs + $(grep 'EventMemberFailed' $OUT/s$i.log | grep -v "Failed: s$W " | grep -vc "Failed: s$V ")))
done
echo "survivors' false deaths: gossamer $fg, serf $fs" >> $OUT/summary
cat $OUT/summary
