#!/usr/bin/env bash
# Two simulated hosts for the acceptance runs: network namespaces opine-host1 and opine-host2,
# each joined to this machine by a veth pair (10.231.1.1 ↔ 10.231.1.2, 10.231.2.1 ↔ 10.231.2.2),
# the throwaway PostgreSQL server listening on this side's ends. The command runs with
# OPINE_TEST_HOSTS="opine-host1=10.231.1.1 opine-host2=10.231.2.1" (namespace = the server's
# address as that host reaches it); the namespaces are removed when it ends. Needs root.
# Usage: Benchmarks/server/hosts.sh python3 Benchmarks/server/acceptance.py .build/release/opine race
set -euo pipefail
cd "$(dirname "$0")/../.."
hosts=()
cleanup() {
  for n in 1 2; do ip netns del "opine-host$n" 2>/dev/null || true; ip link del "veth-opine$n" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup
for n in 1 2; do
  ip netns add "opine-host$n"
  ip link add "veth-opine$n" type veth peer name eth0 netns "opine-host$n"
  ip addr add "10.231.$n.1/30" dev "veth-opine$n"
  ip link set "veth-opine$n" up
  ip netns exec "opine-host$n" ip addr add "10.231.$n.2/30" dev eth0
  ip netns exec "opine-host$n" ip link set eth0 up
  ip netns exec "opine-host$n" ip link set lo up
  hosts+=("opine-host$n=10.231.$n.1")
done
export OPINE_TEST_HOSTS="${hosts[*]}"
unset OPINE_TEST_POSTGRES_URL
OPINE_TEST_POSTGRES_LISTEN="10.231.1.1,10.231.2.1" scripts/with-postgres.sh "$@"
