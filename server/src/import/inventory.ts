/**
 * What an import found, before it is written: the declarations of a `.vmm` estate with the comments
 * that go above them, and what was skipped. `rvtools.ts` and `libvirt.ts` fill it; `emit.ts` writes it.
 */

export interface ImportedSite {
  id: string;
  cpu?: string;
  /** Comment lines written above the declaration (without `//`). */
  notes: string[];
}

export interface ImportedDatastore {
  id: string;
  site: string;
  /** Bytes. */
  capacity?: number;
  notes: string[];
}

export interface ImportedNetwork {
  id: string;
  sites: string[];
  notes: string[];
}

export interface ImportedVm {
  id: string;
  site: string;
  /** Bytes. */
  memory: number;
  vcpus?: number;
  /** Bytes. */
  disk?: number;
  datastore?: string;
  network?: string;
  /** Bytes: what the guest has touched. */
  resident?: number;
  cpu?: string;
  devices: string[];
  /** Bytes per second. */
  dirtyRate?: number;
  /** The VM's identity in its inventory (MoRef, UUID). */
  inventoryId?: string;
  notes: string[];
}

export interface Inventory {
  /** `vmm import rvtools` or `vmm import libvirt`. */
  command: string;
  /** One line per source read. */
  sources: string[];
  /** What the engineer still has to add, one line each. */
  todo: string[];
  /** Further lines for the header (what was skipped, what was left out). */
  remarks: string[];
  sites: ImportedSite[];
  datastores: ImportedDatastore[];
  networks: ImportedNetwork[];
  vms: ImportedVm[];
}

/** A file that is not what it claims to be, or cannot be read: exit 2, nothing written. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** One input file: the path it is named by in messages, and its bytes. */
export interface SourceFile {
  path: string;
  bytes: Uint8Array;
}

/** What an import gives back: the `.vmm` text and what it says on standard error. */
export interface ImportResult {
  text: string;
  /** Rows that could not be read and other remarks, one line each (file and row first). */
  messages: string[];
  vms: number;
  sites: number;
  /** Total memory of the imported vms, bytes. */
  memory: number;
}
