#!/bin/sh
# virsh: the migration plan of kvm-long-link.vmm, exported by vmm (spec §12).
# 2 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Run it where every host is reached over ssh (virsh connects to qemu+ssh://HOST/system):
#   sh kvm-long-link.virsh.sh
# Dry run, printing each command and running none:
#   DRY_RUN=1 sh kvm-long-link.virsh.sh
# Waves run one after another; the intents of a wave at once, each at its concurrency.
set -eu

# Each site's libvirt host: set it in the environment (HOST_site=kvm1.example.net) or here.
: "${HOST_fra:=fra}"
: "${HOST_iad:=iad}"
# Seconds a cold migration waits for its guest to shut down.
: "${SHUTDOWN_TIMEOUT:=300}"

# Prints the command (DRY_RUN set and not empty) or runs it.
run() {
  if [ -n "${DRY_RUN:-}" ]; then
    echo "+ $*"
  else
    "$@"
  fi
}

# Waits for each process id given; fails, once all have ended, when one of them failed.
wait_all() {
  failed=0
  for pid in "$@"; do
    wait "$pid" || failed=1
  done
  return "$failed"
}

# wait_shut_off HOST DOMAIN: waits until DOMAIN is shut off at HOST (at most SHUTDOWN_TIMEOUT s).
wait_shut_off() {
  if [ -n "${DRY_RUN:-}" ]; then
    echo "+ wait until $2 is shut off at $1"
    return 0
  fi
  waited=0
  while [ "$(virsh -c "qemu+ssh://$1/system" domstate "$2")" != "shut off" ]; do
    if [ "$waited" -ge "$SHUTDOWN_TIMEOUT" ]; then
      echo "$2 did not shut down at $1 within $SHUTDOWN_TIMEOUT s" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# copy_disks FROM TO DOMAIN [KIB_PER_S]: copies the disk files of the shut-off DOMAIN from host FROM
# to the same paths at host TO: rsync --sparse, run at FROM over ssh, of every file disk that
# `virsh domblklist` lists (KIB_PER_S: rsync's --bwlimit, the policy's max-stream). Redefine it
# for your storage (a block device, a pool that another tool copies, shared storage: do nothing).
copy_disks() {
  if [ -n "${DRY_RUN:-}" ]; then
    echo "+ copy_disks $*"
    return 0
  fi
  blocks=$(virsh -c "qemu+ssh://$1/system" domblklist "$3" --details)
  printf '%s\n' "$blocks" | awk '$1 == "file" && $2 == "disk" { sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +/, ""); print }' | while IFS= read -r disk; do
    if [ -n "${4:-}" ]; then
      ssh -n "$1" rsync --sparse --bwlimit="$4" "$disk" "$2:$disk"
    else
      ssh -n "$1" rsync --sparse "$disk" "$2:$disk"
    fi
  done
}

# ------------------------------------------------------------------------------------------------
# Wave 1: ≈ 3 h 40 m in the plan

# web-01: live fra → iad, RTT 90 ms, R 336 Mbps; 259 GiB in ≈ 1 h 50 m, pause ≈ 505 ms; open: VMM107, VMM202, VMM205
# Not carried: max-downtime 500 ms: QEMU's downtime-limit is 300 ms unless set; set it with virsh migrate-setmaxdowntime during the migration
migrate_1_web_01() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource web-01 "qemu+ssh://$HOST_iad/system"
}

# web-02: live fra → iad, RTT 90 ms, R 336 Mbps; 259 GiB in ≈ 1 h 50 m, pause ≈ 505 ms; open: VMM107, VMM202, VMM205
# Not carried: max-downtime 500 ms: QEMU's downtime-limit is 300 ms unless set; set it with virsh migrate-setmaxdowntime during the migration
migrate_2_web_02() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource web-02 "qemu+ssh://$HOST_iad/system"
}

# line 39: migrate web-01, web-02 to iad (policy kvm-wan, profile kvm): 2 VMs, 1 at a time, ≈ 3 h 40 m
intent_line_39() {
  ( migrate_1_web_01; migrate_2_web_02; ) &
  slot1=$!
  wait_all "$slot1"
}

wave_1() {
  echo "wave 1: line 39"
  intent_line_39 &
  intent1=$!
  wait_all "$intent1"
}

# The waves, one after another: a wave starts when every migration of the one before it has ended.
wave_1
echo "done: 2 migrations"
