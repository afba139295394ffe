import type { ClearCriteria } from './build.ts';
import type { OcppVersion, TargetedProfile } from './types.ts';

// What a charger does with a new profile, per version, so the CSMS can keep its record of the
// installed profiles equal to the charger's and pick ids that replace instead of pile up:
//
// - Both: a profile with the id of an installed one replaces it (1.6 §5.16.3; 2.0.1 K01.FR.05).
// - 1.6: a profile with the purpose and stack level of an installed one on the same connector
//   replaces it too.
// - 2.0.1: such a profile is refused while their validity periods overlap (K01.FR.06; for
//   TxProfiles, the same stack level for the same transaction, K01.FR.39). The CSMS replaces by
//   reusing the installed profile's id: replacementId() finds it.

export type InstallOutcome =
  | { outcome: 'added' | 'replaced'; replaced: number[]; installed: TargetedProfile[] }
  | { outcome: 'conflict'; conflictWith: number; installed: TargetedProfile[] };

const overlaps = (a: TargetedProfile, b: TargetedProfile) =>
  (a.profile.validFrom ?? -Infinity) < (b.profile.validTo ?? Infinity) &&
  (b.profile.validFrom ?? -Infinity) < (a.profile.validTo ?? Infinity);

/** Same purpose and stack level in the same place: same connector/EVSE, or for a TxProfile the same transaction. */
function samePlace(a: TargetedProfile, b: TargetedProfile): boolean {
  if (a.profile.purpose !== b.profile.purpose || a.profile.stackLevel !== b.profile.stackLevel) return false;
  if (
    a.profile.purpose === 'TxProfile' &&
    a.profile.transactionId !== undefined &&
    b.profile.transactionId !== undefined
  ) {
    return a.profile.transactionId === b.profile.transactionId;
  }
  return a.evseId === b.evseId;
}

export function installProfile(
  installed: readonly TargetedProfile[],
  incoming: TargetedProfile,
  version: OcppVersion,
): InstallOutcome {
  const sameId = installed.filter((x) => x.profile.id === incoming.profile.id);
  const others = installed.filter((x) => x.profile.id !== incoming.profile.id);
  const clashing = others.filter((x) => samePlace(x, incoming));
  if (version === 'ocpp2.0.1') {
    const conflict = clashing.find((x) => overlaps(x, incoming));
    if (conflict) return { outcome: 'conflict', conflictWith: conflict.profile.id, installed: [...installed] };
    return {
      outcome: sameId.length ? 'replaced' : 'added',
      replaced: sameId.map((x) => x.profile.id),
      installed: [...others, incoming],
    };
  }
  const replaced = [...sameId, ...clashing].map((x) => x.profile.id);
  return {
    outcome: replaced.length ? 'replaced' : 'added',
    replaced,
    installed: [...others.filter((x) => !clashing.includes(x)), incoming],
  };
}

/** The id a new profile should carry to replace the installed one in its place (both versions), if any. */
export function replacementId(installed: readonly TargetedProfile[], candidate: TargetedProfile): number | undefined {
  return installed.find((x) => samePlace(x, candidate))?.profile.id;
}

/**
 * ClearChargingProfile: by id only that profile; otherwise every profile matching all criteria
 * given (none given: all). ChargingStationExternalConstraints are never cleared by a CSMS.
 */
export function clearProfiles(
  installed: readonly TargetedProfile[],
  criteria: ClearCriteria,
): { cleared: number[]; remaining: TargetedProfile[] } {
  const matches = (x: TargetedProfile) => {
    if (x.profile.purpose === 'ChargingStationExternalConstraints') return false;
    if (criteria.id !== undefined) return x.profile.id === criteria.id;
    if (criteria.evseId !== undefined && x.evseId !== criteria.evseId) return false;
    if (criteria.purpose !== undefined && x.profile.purpose !== criteria.purpose) return false;
    if (criteria.stackLevel !== undefined && x.profile.stackLevel !== criteria.stackLevel) return false;
    return true;
  };
  return {
    cleared: installed.filter(matches).map((x) => x.profile.id),
    remaining: installed.filter((x) => !matches(x)),
  };
}
