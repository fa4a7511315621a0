import { profileFigures, profiles, type ProfileName } from './engines.js';
import type { Policy } from './model.js';

/** A policy with nothing written but its profile (spec §5's figures, then §4's defaults). */
export function policyFromProfile(profile: ProfileName): Policy {
  const fixed = profiles[profile].fixed;
  return { profile, ...profileFigures(profile), engine: fixed, maxConcurrency: fixed.concurrencyCap };
}
