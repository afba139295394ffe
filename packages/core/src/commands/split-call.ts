// A request that names many variables is split to what the charger says one message may hold
// (2.0.1 DeviceDataCtrlr.ItemsPerMessage / BytesPerMessage, instance GetVariables, SetVariables or
// GetReport; MonitoringCtrlr's, instance SetVariableMonitoring or ClearVariableMonitoring; 1.6
// GetConfigurationMaxKeys), and the answers are put back together as one reply.
// Pure: the limits are read elsewhere (variable-limits.ts).

export type MessageLimits = { items?: number; bytes?: number };
export type CallLimits = Partial<Record<SplitAction, MessageLimits>>;

const LISTS = {
  GetVariables: 'getVariableData',
  SetVariables: 'setVariableData',
  GetReport: 'componentVariable',
  GetConfiguration: 'key',
  SetVariableMonitoring: 'setMonitoringData',
  ClearVariableMonitoring: 'id',
} as const;
export type SplitAction = keyof typeof LISTS;

export function isSplitAction(action: string): action is SplitAction {
  return action in LISTS;
}

/** The size of the CALL frame ocpp-rpc sends (its message ids are 36-character UUIDs). */
export function frameBytes(action: string, payload: unknown): number {
  return Buffer.byteLength(JSON.stringify([2, '00000000-0000-0000-0000-000000000000', action, payload]));
}

/**
 * The payloads to send, in order: the list field cut into runs that keep both limits (an item too
 * large on its own goes alone: the charger answers for it). GetReport parts after the first get
 * requestId + n, so each part's NotifyReport stays apart.
 */
export function splitCall(action: string, payload: Record<string, unknown>, limits?: MessageLimits) {
  if (!isSplitAction(action) || !limits || (!limits.items && !limits.bytes)) return [payload];
  const field = LISTS[action];
  const items = payload[field];
  if (!Array.isArray(items) || items.length <= 1) return [payload];
  const maxItems = limits.items && limits.items > 0 ? limits.items : Infinity;
  const maxBytes = limits.bytes && limits.bytes > 0 ? limits.bytes : Infinity;

  const parts: Record<string, unknown>[] = [];
  const partOf = (run: unknown[]) => {
    const n = parts.length;
    const requestId = action === 'GetReport' && typeof payload.requestId === 'number' ? payload.requestId + n : null;
    return { ...payload, [field]: run, ...(requestId !== null ? { requestId } : {}) };
  };
  let run: unknown[] = [];
  for (const item of items) {
    const next = [...run, item];
    if (run.length > 0 && (next.length > maxItems || frameBytes(action, partOf(next)) > maxBytes)) {
      parts.push(partOf(run));
      run = [item];
    } else {
      run = next;
    }
  }
  if (run.length) parts.push(partOf(run));
  return parts;
}

/** One reply from the answers to the parts, in the order the parts were sent. */
export function mergeReplies(action: string, replies: readonly Record<string, unknown>[]): Record<string, unknown> {
  if (replies.length === 1) return replies[0]!;
  const concat = (field: string) => replies.flatMap((r) => (Array.isArray(r[field]) ? (r[field] as unknown[]) : []));
  switch (action) {
    case 'GetVariables':
      return { getVariableResult: concat('getVariableResult') };
    case 'SetVariables':
      return { setVariableResult: concat('setVariableResult') };
    case 'SetVariableMonitoring':
      return { setMonitoringResult: concat('setMonitoringResult') };
    case 'ClearVariableMonitoring':
      return { clearMonitoringResult: concat('clearMonitoringResult') };
    case 'GetConfiguration': {
      const unknownKey = concat('unknownKey');
      return { configurationKey: concat('configurationKey'), ...(unknownKey.length ? { unknownKey } : {}) };
    }
    default: {
      // GetReport: Accepted when any part was (its NotifyReports follow); each part's own answer kept.
      const accepted = replies.some((r) => r.status === 'Accepted');
      return { status: accepted ? 'Accepted' : replies[0]!.status, parts: replies };
    }
  }
}
