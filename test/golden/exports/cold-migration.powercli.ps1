# powercli: the migration plan of cold-migration.vmm, exported by vmm (spec §12).
# 2 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site. Then:
#   ./cold-migration.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./cold-migration.powercli.ps1 -WhatIf
# Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Each site: the cluster VMs move into, the datastore copied disks land on.
$CLUSTER_chicago = 'chicago'
$DATASTORE_chicago = 'chicago'
$CLUSTER_nj_east = 'nj-east'
$DATASTORE_nj_east = 'nj-east'
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
# Wave 1: ≈ 12 m 36 s in the plan
# line 16: migrate legacy-erp, legacy-fax to chicago (profile metro): 2 VMs, 1 at a time, ≈ 12 m 36 s
Write-Host 'wave 1: line 16'
# Round 1 of 2
$tasks = @()
# legacy-erp: cold nj-east → chicago, RTT 18 ms, R 9 Gbps; 466 GiB in ≈ 9 m 24 s, pause ≈ 9 m 24 s
Stop-VMGuest -VM (Get-VM -Name 'legacy-erp') -Confirm:$false | Out-Null
Wait-PoweredOff (Get-VM -Name 'legacy-erp')
$tasks += @(Move-VM -VM (Get-VM -Name 'legacy-erp') -Destination (Get-Cluster -Name $CLUSTER_chicago) -Datastore (Get-Datastore -Name $DATASTORE_chicago) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }
Start-VM -VM (Get-VM -Name 'legacy-erp') -Confirm:$false | Out-Null

# Round 2 of 2
$tasks = @()
# legacy-fax: cold nj-east → chicago, RTT 18 ms, R 9 Gbps; 74.5 GiB in ≈ 3 m 11 s, pause ≈ 3 m 11 s
Stop-VMGuest -VM (Get-VM -Name 'legacy-fax') -Confirm:$false | Out-Null
Wait-PoweredOff (Get-VM -Name 'legacy-fax')
$tasks += @(Move-VM -VM (Get-VM -Name 'legacy-fax') -Destination (Get-Cluster -Name $CLUSTER_chicago) -Datastore (Get-Datastore -Name $DATASTORE_chicago) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }
Start-VM -VM (Get-VM -Name 'legacy-fax') -Confirm:$false | Out-Null

Write-Host 'done: 2 migrations'
