# powercli: the migration plan of legacy-readdress.vmm, exported by vmm (spec §12).
# 1 migration in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site. Then:
#   ./legacy-readdress.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./legacy-readdress.powercli.ps1 -WhatIf
# Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Each site: the cluster VMs move into, the datastore copied disks land on.
$CLUSTER_new_dc = 'new-dc'
$DATASTORE_new_dc = 'new-dc'
$CLUSTER_old_dc = 'old-dc'
$DATASTORE_old_dc = 'old-dc'
# Each network: its port group at the target (a distributed port group).
$PORTGROUP_legacy_net = 'legacy-net'
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
# Wave 1: ≈ 1 h 9 m in the plan
# line 27: migrate erp-01 to new-dc (profile metro): 1 VM, 1 at a time, ≈ 1 h 9 m
Write-Host 'wave 1: line 27'
# Round 1 of 1
$tasks = @()
# erp-01: cold old-dc → new-dc, RTT 12 ms, R 900 Mbps; 373 GiB in ≈ 1 h 9 m, pause ≈ 1 h 9 m
# Before (by hand, no cmdlet does it): Lower the DNS TTL of network legacy-net from 5 m to 60 s at least 5 m (one old TTL) before cut-over
Stop-VMGuest -VM (Get-VM -Name 'erp-01') -Confirm:$false | Out-Null
Wait-PoweredOff (Get-VM -Name 'erp-01')
$tasks += @(Move-VM -VM (Get-VM -Name 'erp-01') -Destination (Get-Cluster -Name $CLUSTER_new_dc) -Datastore (Get-Datastore -Name $DATASTORE_new_dc) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'erp-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_legacy_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }
Start-VM -VM (Get-VM -Name 'erp-01') -Confirm:$false | Out-Null
# Then, for erp-01 (by hand, no cmdlet does it): Re-address: give erp-01 its new IP address at new-dc
# Then, for erp-01 (by hand, no cmdlet does it): Update DNS and DHCP with the new address of erp-01

Write-Host 'done: 1 migrations'
