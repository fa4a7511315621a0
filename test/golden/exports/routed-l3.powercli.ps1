# powercli: the migration plan of routed-l3.vmm, exported by vmm (spec §12).
# 2 migrations in 1 wave, in the plan's order; figures are the plan's estimates.
#
# Connect first: Connect-VIServer to the vCenter of each site. Then:
#   ./routed-l3.powercli.ps1
# Dry run: Move-VM, Stop-VMGuest, Start-VM and Start-HCXMigration only say what they would do:
#   ./routed-l3.powercli.ps1 -WhatIf
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
# Each network: its port group at the target (a distributed port group).
$PORTGROUP_billing_net = 'billing-net'
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
# Wave 1: ≈ 4 m 22 s in the plan
# line 33: migrate billing-* to chicago (profile vmware-long-distance): 2 VMs, 1 at a time, ≈ 4 m 22 s
Write-Host 'wave 1: line 33'
# Round 1 of 2
$tasks = @()
# billing-01: routed nj-east → chicago, RTT 18 ms, R 9 Gbps; 137 GiB in ≈ 2 m 11 s, pause ≈ 65.2 ms; open: VMM604
# Before (by hand, no cmdlet does it): Lower the DNS TTL of network billing-net from 1 h to 60 s at least 1 h (one old TTL) before cut-over
# Before (by hand, no cmdlet does it): Set up a tunnel from nj-east to chicago for the sessions to the old address of billing-01
$tasks += @(Move-VM -VM (Get-VM -Name 'billing-01') -Destination (Get-Cluster -Name $CLUSTER_chicago) -Datastore (Get-Datastore -Name $DATASTORE_chicago) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'billing-01')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_billing_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }
# Then, for billing-01 (by hand, no cmdlet does it): Re-address: give billing-01 its new IP address at chicago
# Then, for billing-01 (by hand, no cmdlet does it): Update DNS and DHCP with the new address of billing-01
# Then, for billing-01 (by hand, no cmdlet does it): Drain the old sessions through the tunnel
# Then, for billing-01 (by hand, no cmdlet does it): Remove the tunnel once the old sessions have drained

# Round 2 of 2
$tasks = @()
# billing-02: routed nj-east → chicago, RTT 18 ms, R 9 Gbps; 137 GiB in ≈ 2 m 11 s, pause ≈ 65.2 ms; open: VMM604
# Before (by hand, no cmdlet does it): Lower the DNS TTL of network billing-net from 1 h to 60 s at least 1 h (one old TTL) before cut-over
# Before (by hand, no cmdlet does it): Set up a tunnel from nj-east to chicago for the sessions to the old address of billing-02
$tasks += @(Move-VM -VM (Get-VM -Name 'billing-02') -Destination (Get-Cluster -Name $CLUSTER_chicago) -Datastore (Get-Datastore -Name $DATASTORE_chicago) -NetworkAdapter (Get-NetworkAdapter -VM (Get-VM -Name 'billing-02')) -PortGroup (Get-VDPortgroup -Name $PORTGROUP_billing_net) -RunAsync)
if ($tasks.Count -gt 0) { Wait-Task -Task $tasks | Out-Null }
# Then, for billing-02 (by hand, no cmdlet does it): Re-address: give billing-02 its new IP address at chicago
# Then, for billing-02 (by hand, no cmdlet does it): Update DNS and DHCP with the new address of billing-02
# Then, for billing-02 (by hand, no cmdlet does it): Drain the old sessions through the tunnel
# Then, for billing-02 (by hand, no cmdlet does it): Remove the tunnel once the old sessions have drained

Write-Host 'done: 2 migrations'
