#!/bin/sh
# virsh: the migration plan of kvm-libvirt.vmm, exported by vmm (spec §12).
# 7 migrations in 3 waves, in the plan's order; figures are the plan's estimates.
#
# Run it where every host is reached over ssh (virsh connects to qemu+ssh://HOST/system):
#   sh kvm-libvirt.virsh.sh
# Dry run, printing each command and running none:
#   DRY_RUN=1 sh kvm-libvirt.virsh.sh
# Waves run one after another; the intents of a wave at once, each at its concurrency.
set -eu

# Each site's libvirt host: set it in the environment (HOST_site=kvm1.example.net) or here.
: "${HOST_ams:=ams}"
: "${HOST_dus:=dus}"
: "${HOST_fra:=fra}"
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
# Wave 1: ≈ 3 m 2 s in the plan

# db-01: live fra → ams, RTT 5 ms, R 6.04 Gbps; 128 GiB in ≈ 3 m 2 s, pause ≈ 20 ms; open: VMM303, VMM107, VMM209
migrate_1_db_01() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --postcopy --postcopy-after-precopy 6b1c9e02-3f4d-4a51-9b8e-2d7f0c1a5e10 "qemu+ssh://$HOST_ams/system"
}

# line 55: migrate db-01 to ams (policy postcopy, profile kvm): 1 VM, 1 at a time, ≈ 3 m 2 s
intent_line_55() {
  ( migrate_1_db_01; ) &
  slot1=$!
  wait_all "$slot1"
}

# cache-01: live fra → dus, RTT 3 ms, R 1.07 Gbps; 18.8 GiB in ≈ 2 m 30 s, pause ≈ 27.5 ms; open: VMM303
migrate_2_cache_01() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --bandwidth 128 cache-01 "qemu+ssh://$HOST_dus/system"
}

# line 65: migrate cache-01 to dus (policy capped, profile qemu): 1 VM, 1 at a time, ≈ 2 m 30 s
intent_line_65() {
  ( migrate_2_cache_01; ) &
  slot1=$!
  wait_all "$slot1"
}

wave_1() {
  echo "wave 1: line 55, line 65"
  intent_line_55 &
  intent1=$!
  intent_line_65 &
  intent2=$!
  wait_all "$intent1" "$intent2"
}

# ------------------------------------------------------------------------------------------------
# Wave 2: ≈ 4 m in the plan

# web-01: live fra → ams, RTT 5 ms, R 4.5 Gbps; 62.8 GiB in ≈ 2 m, pause ≈ 213 ms; open: VMM303, VMM208
migrate_3_web_01() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --copy-storage-all --auto-converge --auto-converge-initial 20 --auto-converge-increment 10 --parallel --parallel-connections 2 web-01 "qemu+ssh://$HOST_ams/system"
}

# web-02: live fra → ams, RTT 5 ms, R 4.5 Gbps; 62.8 GiB in ≈ 2 m, pause ≈ 213 ms; open: VMM303, VMM208
migrate_4_web_02() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --copy-storage-all --auto-converge --auto-converge-initial 20 --auto-converge-increment 10 --parallel --parallel-connections 2 web-02 "qemu+ssh://$HOST_ams/system"
}

# web-03: live fra → ams, RTT 5 ms, R 4.5 Gbps; 62.8 GiB in ≈ 2 m, pause ≈ 213 ms; open: VMM303, VMM208
migrate_5_web_03() {
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --live --persistent --undefinesource --copy-storage-all --auto-converge --auto-converge-initial 20 --auto-converge-increment 10 --parallel --parallel-connections 2 web-03 "qemu+ssh://$HOST_ams/system"
}

# line 60: migrate web-* to ams (policy throttled, profile kvm): 3 VMs, 2 at a time, ≈ 4 m
intent_line_60() {
  ( migrate_3_web_01; migrate_5_web_03; ) &
  slot1=$!
  ( migrate_4_web_02; ) &
  slot2=$!
  wait_all "$slot1" "$slot2"
}

wave_2() {
  echo "wave 2: line 60"
  intent_line_60 &
  intent1=$!
  wait_all "$intent1"
}

# ------------------------------------------------------------------------------------------------
# Wave 3: ≈ 4 m 58 s in the plan

# batch-01: cold fra → ams, RTT 5 ms, R 4.5 Gbps; 93.1 GiB in ≈ 4 m 58 s, pause ≈ 4 m 58 s
migrate_6_batch_01() {
  run virsh -c "qemu+ssh://$HOST_fra/system" shutdown batch-01
  wait_shut_off "$HOST_fra" batch-01
  copy_disks "$HOST_fra" "$HOST_ams" batch-01
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --offline --persistent --undefinesource batch-01 "qemu+ssh://$HOST_ams/system"
  run virsh -c "qemu+ssh://$HOST_ams/system" start batch-01
}

# batch-02: cold fra → ams, RTT 5 ms, R 4.5 Gbps; 55.9 GiB in ≈ 3 m 47 s, pause ≈ 3 m 47 s
migrate_7_batch_02() {
  run virsh -c "qemu+ssh://$HOST_fra/system" shutdown batch-02
  wait_shut_off "$HOST_fra" batch-02
  copy_disks "$HOST_fra" "$HOST_ams" batch-02
  run virsh -c "qemu+ssh://$HOST_fra/system" migrate --offline --persistent --undefinesource batch-02 "qemu+ssh://$HOST_ams/system"
  run virsh -c "qemu+ssh://$HOST_ams/system" start batch-02
}

# line 69: migrate batch-* to ams (profile kvm): 2 VMs, 2 at a time, ≈ 4 m 58 s
intent_line_69() {
  ( migrate_6_batch_01; ) &
  slot1=$!
  ( migrate_7_batch_02; ) &
  slot2=$!
  wait_all "$slot1" "$slot2"
}

wave_3() {
  echo "wave 3: line 69"
  intent_line_69 &
  intent1=$!
  wait_all "$intent1"
}

# The waves, one after another: a wave starts when every migration of the one before it has ended.
wave_1
wave_2
wave_3
echo "done: 7 migrations"
