import { deviceKinds } from '../model/schema.js';
import type { Rule } from './rule.js';
import { useMethod } from './shared/fixes.js';
import { targetSpan } from './shared/targets.js';
import { isLiveOrRouted } from '../migration/methods.js';

type Device = (typeof deviceKinds)[number];

/** What each device is, and why the running VM cannot take it along (spec §4 `devices`). */
function explain(device: Device, from: string): string {
  switch (device) {
    case 'passthrough':
      return 'passthrough (DirectPath I/O, SR-IOV or vGPU), hardware of its host that the guest drives directly, whose state the hypervisor cannot copy';
    case 'shared-disk':
      return `shared-disk (multi-writer disk or physical-mode RDM), a disk other VMs write too or a raw LUN, attached at ${from}`;
    case 'usb':
      return `usb (a USB device attached from the host), plugged into its host at ${from}`;
  }
}

/** `passthrough`, `shared-disk and usb`, `passthrough, shared-disk and usb`. */
function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A VM with a device the hypervisor cannot move with the running guest (a passed-through PCI
 * device, a disk shared with other VMs or a raw LUN, a USB device of its host) cannot migrate live;
 * the message names each such device.
 */
export const VMM702: Rule = {
  code: 'VMM702',
  severity: 'error',
  summary: 'live/routed: the VM has a device that blocks live migration (devices: passthrough, shared-disk, usb)',
  check({ model, analysis, derive, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const to = intent.to;
      if (to === undefined || !isLiveOrRouted(intent.method)) continue;
      for (const m of ia.migrations) {
        // In the order of the spec's list, each once: one diagnostic per VM names them all.
        const devices = deviceKinds.filter((d) => m.vm.devices.includes(d));
        if (devices.length === 0) continue;
        const from = m.from ?? 'the source';
        const what = devices.length === 1 ? 'a device that blocks' : 'devices that block';
        report(
          intent,
          targetSpan(derive, model, intent, m.vm.name),
          `vm ${m.vm.name} has ${what} ${intent.method} migration: ${devices.map((d) => explain(d, from)).join('; ')}`,
          [useMethod(model, analysis, intent, 'cold', `then provide its ${list(devices)} ${devices.length === 1 ? 'device' : 'devices'} at ${to}`)],
          m.vm.name,
          `vm ${m.vm.name}: ${list(devices)}`,
        );
      }
    }
  },
};
