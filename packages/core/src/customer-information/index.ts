export * from './schemas.ts';
export {
  requestCustomerInformation,
  sendCustomerInformation,
  type CustomerInformationResult,
} from './request-customer-information.ts';
export { receiveCustomerInformation } from './receive-customer-information.ts';
export { listCustomerInformation, type CustomerInformationRow } from './list-customer-information.ts';
export { eraseCustomerData, listErasures, type ErasureCharger } from './erase-customer-data.ts';
