# powercli: the migration plan of vmware-long-distance.vmm, exported by vmm (spec §12).
# 2 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site. Then:
#   ./vmware-long-distance.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./vmware-long-distance.powercli.ps1 -WhatIf
# Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Each site: the cluster VMs move into, the datastore copied disks land on.
$CLUSTER_dal = 'dal'
$DATASTORE_dal = 'dal'
$CLUSTER_sea = 'sea'
$DATASTORE_sea = 'sea'
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
# Wave 1: ≈ 1 h 57 m in the plan
# line 38: migrate db-01, app-01 to sea (policy ld, profile vmware-long-distance): 2 VMs, 1 at a time, ≈ 1 h 57 m
Write-Host 'wave 1: line 38'
# Round 1 of 2
$tasks = @()
# db-01: live dal → sea, RTT 48 ms, R 1.8 Gbps; 1.4 TiB in ≈ 1 h 54 m, pause ≈ 531 ms; open: VMM303, VMM208
$tasks += @(Move-VM -VM (Get-VM -Name 'db-01') -Destination (Get-Cluster -Name $CLUSTER_sea) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'db-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }

# Round 2 of 2
$tasks = @()
# app-01: live dal → sea, RTT 48 ms, R 1.8 Gbps; 35.1 GiB in ≈ 2 m 48 s, pause ≈ 107 ms; open: VMM303
$tasks += @(Move-VM -VM (Get-VM -Name 'app-01') -Destination (Get-Cluster -Name $CLUSTER_sea) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'app-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_app_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }

Write-Host 'done: 2 migrations'
