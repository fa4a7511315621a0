# powercli: the migration plan of metro-optimize.vmm, exported by vmm (spec §12).
# 4 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site. Then:
#   ./metro-optimize.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./metro-optimize.powercli.ps1 -WhatIf
# Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Each site: the cluster VMs move into, the datastore copied disks land on.
$CLUSTER_nj_east = 'nj-east'
$DATASTORE_nj_east = 'nj-east'
$CLUSTER_nj_west = 'nj-west'
$DATASTORE_nj_west = 'nj-west'
# Each network: its port group at the target (a distributed port group).
$PORTGROUP_app_net = 'app-net'
# Seconds a cold migration waits for its guest to shut down.
$ShutdownTimeout = 300

# Waits for HCX migrations to end (there are none under -WhatIf); fails on one that failed.
function Wait-HCXMigrations([object[]]$Migrations) {
  foreach ($m in $Migrations) {
    do {
      Start-Sleep -Seconds 30
      $state = (Get-HCXMigration -MigrationId $m.Id).State
    } while ($state -notmatch 'MIGRATED|COMPLETE|FAIL|CANCEL')
    if ($state -match 'FAIL|CANCEL') { throw "HCX migration $($m.Id) ended $state" }
  }
}

# Waits until the VM is powered off, at most $ShutdownTimeout seconds (not under -WhatIf).
function Wait-PoweredOff([object]$VM) {
  if ($WhatIfPreference) { return }
  $waited = 0
  while ((Get-VM -Id $VM.Id).PowerState -ne 'PoweredOff') {
    if ($waited -ge $ShutdownTimeout) { throw "$($VM.Name) did not shut down within $ShutdownTimeout s" }
    Start-Sleep -Seconds 5
    $waited += 5
  }
}

# ------------------------------------------------------------------------------------------------
# Wave 1: ≈ 1 m 10 s in the plan
# line 40: migrate app-* to nj-west (profile vmware-metro): 4 VMs, 2 at a time, ≈ 1 m 10 s
Write-Host 'wave 1: line 40'
# Round 1 of 2
$tasks = @()
# app-01: live nj-east → nj-west, RTT 1.2 ms, R 9 Gbps; 36.8 GiB in ≈ 35.2 s, pause ≈ 543 ms
# the disks stay on datastore ds-east, whose replica at nj-west takes over (no -Datastore: compute-only move)
$tasks += @(Move-VM -VM (Get-VM -Name 'app-01') -Destination (Get-Cluster -Name $CLUSTER_nj_west) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
# app-02: live nj-east → nj-west, RTT 1.2 ms, R 9 Gbps; 36.8 GiB in ≈ 35.2 s, pause ≈ 543 ms
# the disks stay on datastore ds-east, whose replica at nj-west takes over (no -Datastore: compute-only move)
$tasks += @(Move-VM -VM (Get-VM -Name 'app-02') -Destination (Get-Cluster -Name $CLUSTER_nj_west) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-02')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }

# Round 2 of 2
$tasks = @()
# app-03: live nj-east → nj-west, RTT 1.2 ms, R 9 Gbps; 36.8 GiB in ≈ 35.2 s, pause ≈ 543 ms
# the disks stay on datastore ds-east, whose replica at nj-west takes over (no -Datastore: compute-only move)
$tasks += @(Move-VM -VM (Get-VM -Name 'app-03') -Destination (Get-Cluster -Name $CLUSTER_nj_west) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-03')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
# app-04: live nj-east → nj-west, RTT 1.2 ms, R 9 Gbps; 36.8 GiB in ≈ 35.2 s, pause ≈ 543 ms
# the disks stay on datastore ds-east, whose replica at nj-west takes over (no -Datastore: compute-only move)
$tasks += @(Move-VM -VM (Get-VM -Name 'app-04') -Destination (Get-Cluster -Name $CLUSTER_nj_west) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-04')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }

Write-Host 'done: 4 migrations'
