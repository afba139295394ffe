import { firmwareStatus } from '../firmware-and-logs.ts';

export const firmwareStatusNotification = firmwareStatus('FirmwareStatusNotification');
export const publishFirmwareStatusNotification = firmwareStatus('PublishFirmwareStatusNotification');
