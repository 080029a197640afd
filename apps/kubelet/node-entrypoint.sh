#!/bin/sh
# groundkube node: the entry point of the kubelet's node image. One container is one node, as in kind: it
# starts its own Docker engine, a DNS forwarder for the pods, then the kubelet, and on SIGTERM stops them in
# reverse order, pods' containers included (their cgroups live in the host's hierarchy and would be left
# behind). Settings come from the environment:
#   GROUNDKUBE_API_SERVERS     the API server (default http://apiserver:8080)
#   GROUNDKUBE_NODE_NAME       the node's name (default: the container's hostname)
#   GROUNDKUBE_NODE_BIP        the nested engine's bridge, unique per node (default 10.201.1.1/24)
#   GROUNDKUBE_REGISTRY_MIRROR registry mirror for Docker Hub images, e.g. http://registry:5000 (default none)
#   GROUNDKUBE_POD_STOP_SECONDS time each pod container gets to stop at shutdown (default 5)
# Extra arguments go to the kubelet (e.g. --log-level=debug).
set -eu

api_servers=${GROUNDKUBE_API_SERVERS:-http://apiserver:8080}
node_name=${GROUNDKUBE_NODE_NAME:-$(hostname)}
bip=${GROUNDKUBE_NODE_BIP:-10.201.1.1/24}
gateway=${bip%/*}
mirror=${GROUNDKUBE_REGISTRY_MIRROR:-}
stop_seconds=${GROUNDKUBE_POD_STOP_SECONDS:-5}

say() { echo "groundkube-node[$node_name]: $*" >&2; }

dockerd_pid=''
kubelet_pid=''

stop_all() {
  say "stopping: kubelet, pod containers, DNS forwarder, Docker engine"
  if [ -n "$kubelet_pid" ]; then
    kill -TERM "$kubelet_pid" 2>/dev/null || true
    wait "$kubelet_pid" 2>/dev/null || true
  fi
  if [ -n "$dockerd_pid" ]; then
    running=$(docker ps --quiet 2>/dev/null || true)
    if [ -n "$running" ]; then
      # shellcheck disable=SC2086 # one id per word
      docker stop --time "$stop_seconds" $running >/dev/null 2>&1 || true
    fi
  fi
  if [ -f /run/dnsmasq.pid ]; then kill -TERM "$(cat /run/dnsmasq.pid)" 2>/dev/null || true; fi
  if [ -n "$dockerd_pid" ]; then
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
  fi
}

on_signal() {
  trap - TERM INT
  stop_all
  say "stopped"
  exit 0
}
trap on_signal TERM INT

# 1. The node's own Docker engine. Its bridge must not overlap the networks outside, and its containers get the
# forwarder below as DNS (the engine drops a localhost resolver such as Docker's 127.0.0.11).
# ("$@" stays the kubelet's; none of these words holds a space.)
dockerd_args="--host=unix:///var/run/docker.sock --bip=$bip --dns=$gateway"
if [ -n "$mirror" ]; then dockerd_args="$dockerd_args --registry-mirror=$mirror --insecure-registry=${mirror#*://}"; fi
rm -f /var/run/docker.pid
say "starting the Docker engine (bridge $bip${mirror:+, mirror $mirror}); its log is /var/log/dockerd.log"
# shellcheck disable=SC2086 # split on purpose
dockerd $dockerd_args >/var/log/dockerd.log 2>&1 &
dockerd_pid=$!
tries=0
until docker info >/dev/null 2>&1; do
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    say "the Docker engine exited while starting; last lines of /var/log/dockerd.log:"
    tail -n 20 /var/log/dockerd.log >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then say "the Docker engine did not answer within 30 s"; stop_all; exit 1; fi
  sleep 0.1
done

# 2. Images no registry serves here (the pod sandbox's pause image), loaded unless present.
# TODO(#6): the mirror stands in for Docker Hub only; images named after another registry (registry.k8s.io,
# quay.io, …) other than the preloaded pause cannot be pulled by a node with no internet.
for archive in /usr/share/groundkube/images/*.tar; do
  [ -e "$archive" ] || continue
  docker load --quiet --input "$archive" >/dev/null
done

# 3. DNS for pods: a forwarder on the bridge's gateway that asks the resolvers of this container.
dnsmasq --listen-address="$gateway" --bind-interfaces --no-hosts --pid-file=/run/dnsmasq.pid \
  --user=root --log-facility=/var/log/dnsmasq.log

# 4. The kubelet, in the background so that this shell can handle signals.
say "starting the kubelet against $api_servers"
node /app/main.js --api-servers="$api_servers" --hostname-override="$node_name" --root-dir=/var/lib/kubelet "$@" &
kubelet_pid=$!
set +e
wait "$kubelet_pid"
status=$?
kubelet_pid=''
say "the kubelet exited with status $status"
stop_all
exit "$status"
