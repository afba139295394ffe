import type { Handler } from '../types.ts';
import { certificateRequests201 } from '../certificate-requests.ts';
import { plugAndCharge201 } from '../plug-and-charge.ts';
import { authorize } from './authorize.ts';
import { bootNotification } from './boot-notification.ts';
import { dataTransfer } from './data-transfer.ts';
import { heartbeat } from './heartbeat.ts';
import { keptMessages201 } from './kept-messages.ts';
import {
  clearedChargingLimit,
  notifyChargingLimit,
  notifyEVChargingNeeds,
  notifyEVChargingSchedule,
} from './charging-needs-and-limits.ts';
import { firmwareStatusNotification, publishFirmwareStatusNotification } from './firmware-status-notification.ts';
import { logStatusNotification } from './log-status-notification.ts';
import { notifyCustomerInformation } from './notify-customer-information.ts';
import { notifyDisplayMessages } from './notify-display-messages.ts';
import { notifyEvent } from './notify-event.ts';
import { notifyMonitoringReport } from './notify-monitoring-report.ts';
import { notifyReport } from './notify-report.ts';
import { reportChargingProfiles } from './report-charging-profiles.ts';
import { reservationStatusUpdate } from './reservation-status-update.ts';
import { securityEventNotification } from './security-event-notification.ts';
import { meterValues } from './meter-values.ts';
import { statusNotification } from './status-notification.ts';
import { transactionEvent } from './transaction-event.ts';

export const handlers201: Record<string, Handler> = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  Authorize: authorize,
  TransactionEvent: transactionEvent,
  MeterValues: meterValues,
  NotifyEvent: notifyEvent,
  NotifyReport: notifyReport,
  SecurityEventNotification: securityEventNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  PublishFirmwareStatusNotification: publishFirmwareStatusNotification,
  LogStatusNotification: logStatusNotification,
  DataTransfer: dataTransfer,
  ReservationStatusUpdate: reservationStatusUpdate,
  ...keptMessages201,
  ...certificateRequests201,
  ...plugAndCharge201,
  ReportChargingProfiles: reportChargingProfiles,
  NotifyEVChargingNeeds: notifyEVChargingNeeds,
  NotifyEVChargingSchedule: notifyEVChargingSchedule,
  NotifyChargingLimit: notifyChargingLimit,
  ClearedChargingLimit: clearedChargingLimit,
  NotifyMonitoringReport: notifyMonitoringReport,
  NotifyDisplayMessages: notifyDisplayMessages,
  NotifyCustomerInformation: notifyCustomerInformation,
};
