export {
  admitCharger,
  type Admission,
  type AdmitChargerInput,
  type AdmittedCharger,
  type OcppProtocolName,
  NOT_ADMITTED,
} from './admit-charger.ts';
export { BASIC_AUTH_ADDRESS_LIMIT, BASIC_AUTH_IDENTITY_LIMIT, claimBasicAuthAttempt } from './basic-auth-limit.ts';
export {
  importChargers,
  chargerRowSchema,
  type ChargerRow,
  type ImportChargersResult,
  type ImportRowError,
} from './import-chargers.ts';
export { parseCsv, type CsvRow } from './parse-csv.ts';
export {
  chargerRegistrationInput,
  getOnboarding,
  importChargersCsv,
  importChargersInput,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  setChargerRegistration,
  setUnknownChargerPolicy,
  UNKNOWN_CHARGER_POLICIES,
  unknownChargerPolicyInput,
} from './onboarding.ts';
export {
  clearChargerPassword,
  clearChargerPasswordInput,
  generateChargerPassword,
  setChargerPassword,
  setChargerPasswordInput,
} from './charger-password.ts';
export {
  isPasswordKey,
  rotateChargerPassword,
  rotateChargerPasswordInput,
  type PasswordRotationResult,
} from './rotate-charger-password.ts';
