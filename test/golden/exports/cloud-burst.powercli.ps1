# powercli: the migration plan of cloud-burst.vmm, exported by vmm (spec §12).
# 2 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site, and Connect-HCXServer for the HCX intents. Then:
#   ./cloud-burst.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./cloud-burst.powercli.ps1 -WhatIf
# Waves run one after another; an intent runs its VMs at its concurrency, a round at a time.
[CmdletBinding(SupportsShouldProcess)]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Each site: the cluster VMs move into, the datastore copied disks land on.
$CLUSTER_cloud_east = 'cloud-east'
$DATASTORE_cloud_east = 'cloud-east'
$HCXSITE_cloud_east = 'cloud-east'
$CLUSTER_nj_east = 'nj-east'
$DATASTORE_nj_east = 'nj-east'
$HCXSITE_nj_east = 'nj-east'
# Each network: its port group at the target (a distributed port group).
$PORTGROUP_shop_net = 'shop-net'
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
# Wave 1: ≈ 22 m 44 s in the plan
# line 49: migrate service shop-web to cloud-east (profile hcx): 2 VMs, 1 at a time, ≈ 22 m 44 s
Write-Host 'wave 1: line 49'
# Round 1 of 2
$hcx = @()
# shop-web-01: live nj-east → cloud-east, RTT 8 ms, R 1 Gbps; 79.4 GiB in ≈ 11 m 22 s, pause ≈ 461 ms; open: VMM303, VMM602, VMM401, VMM402
$migration = New-HCXMigration -VM (Get-HCXVM -Name 'shop-web-01') -MigrationType vMotion -SourceSite (Get-HCXSite -Source -Name $HCXSITE_nj_east) -DestinationSite (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -TargetComputeContainer (Get-HCXContainer -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Type Cluster -Name $CLUSTER_cloud_east) -TargetDatastore (Get-HCXDatastore -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Name $DATASTORE_cloud_east) -NetworkMapping (New-HCXNetworkMapping -SourceNetwork (Get-HCXNetwork -Site (Get-HCXSite -Source -Name $HCXSITE_nj_east) -Name $PORTGROUP_shop_net) -DestinationNetwork (Get-HCXNetwork -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Name $PORTGROUP_shop_net))
$hcx += @(Start-HCXMigration -Migration $migration -Confirm:$false)
Wait-HCXMigrations $hcx

# Round 2 of 2
$hcx = @()
# shop-web-02: live nj-east → cloud-east, RTT 8 ms, R 1 Gbps; 79.4 GiB in ≈ 11 m 22 s, pause ≈ 461 ms; open: VMM303, VMM602, VMM401, VMM402
$migration = New-HCXMigration -VM (Get-HCXVM -Name 'shop-web-02') -MigrationType vMotion -SourceSite (Get-HCXSite -Source -Name $HCXSITE_nj_east) -DestinationSite (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -TargetComputeContainer (Get-HCXContainer -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Type Cluster -Name $CLUSTER_cloud_east) -TargetDatastore (Get-HCXDatastore -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Name $DATASTORE_cloud_east) -NetworkMapping (New-HCXNetworkMapping -SourceNetwork (Get-HCXNetwork -Site (Get-HCXSite -Source -Name $HCXSITE_nj_east) -Name $PORTGROUP_shop_net) -DestinationNetwork (Get-HCXNetwork -Site (Get-HCXSite -Destination -Name $HCXSITE_cloud_east) -Name $PORTGROUP_shop_net))
$hcx += @(Start-HCXMigration -Migration $migration -Confirm:$false)
Wait-HCXMigrations $hcx

Write-Host 'done: 2 migrations'
