export {
  admitCharger,
  type Admission,
  type AdmitChargerInput,
  type AdmittedCharger,
  type OcppProtocolName,
} from './admit-charger.ts';
export {
  importChargers,
  chargerRowSchema,
  type ChargerRow,
  type ImportChargersResult,
  type ImportRowError,
} from './import-chargers.ts';
export { parseCsv, type CsvRow } from './parse-csv.ts';
