import { recordReportedProfiles, type ReportChargingProfilesPayload } from '@magma/core/smart-charging';
import { defineHandler } from '../types.ts';

// K09: the profiles a station holds, in answer to GetChargingProfiles, over one or more messages
// sharing the requestId. Kept in the message log and read back per profile before the answer.
export const reportChargingProfiles = defineHandler<ReportChargingProfilesPayload>(async ({ db, conn }, p) => {
  await recordReportedProfiles({ db, charger: conn.charger, payload: p });
  return {};
});
