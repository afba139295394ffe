import { relayCommandsChannel, type Bus, type Unsubscribe } from '@magma/core/bus';
import { executeChargerCommand, type CallOutcome, type RelayCommandMessage } from '@magma/core/commands';
import type { Db } from '@magma/db';
import { requestedMessageOf, type BootGate } from '../connection/boot-gate.ts';
import { RPCError, TimeoutError } from '../connection/ocpp-rpc-errors.ts';
import type { RPCServerClient } from '../connection/rpc-types.ts';
import type { Logger } from '../logger.ts';
import type { ConnectionRegistry } from '../connection/registry.ts';

function isRelayCommand(m: unknown): m is RelayCommandMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as RelayCommandMessage).commandId === 'string' &&
    typeof (m as RelayCommandMessage).timeoutMs === 'number'
  );
}

/** Listens for commands addressed to this relay instance and plays them on the charger's socket. */
export async function listenForCommands({
  db,
  bus,
  instanceId,
  registry,
  log,
  gateOf = () => undefined,
}: {
  db: Db;
  bus: Bus;
  instanceId: string;
  registry: ConnectionRegistry;
  log: Logger;
  /** The socket's boot gate: a TriggerMessage lets its message through a Pending charger's gate. */
  gateOf?: (client: RPCServerClient) => BootGate | undefined;
}): Promise<Unsubscribe> {
  const call = async ({
    chargerId,
    action,
    payload,
    timeoutMs,
  }: {
    chargerId: string;
    action: string;
    payload: unknown;
    timeoutMs: number;
  }): Promise<CallOutcome> => {
    const client = registry.get(chargerId);
    if (!client) return { kind: 'offline' };
    const requested = requestedMessageOf(action, payload);
    const gate = requested ? gateOf(client) : undefined;
    if (requested) gate?.triggering(requested);
    try {
      const response = await client.call(action, payload, { callTimeoutMs: timeoutMs });
      if (requested && (response as { status?: unknown } | null)?.status !== 'Accepted') gate?.notTriggered(requested);
      return { kind: 'result', response };
    } catch (e) {
      if (requested) gate?.notTriggered(requested);
      if (e instanceof TimeoutError) return { kind: 'timeout' };
      if (e instanceof RPCError)
        return { kind: 'error', code: e.rpcErrorCode, description: e.message || e.rpcErrorMessage };
      if (!registry.get(chargerId)) return { kind: 'offline' };
      return { kind: 'error', code: 'InternalError', description: e instanceof Error ? e.message : String(e) };
    }
  };

  return bus.subscribe(relayCommandsChannel(instanceId), (message) => {
    if (!isRelayCommand(message)) return;
    log.info('command received', { commandId: message.commandId });
    executeChargerCommand({ db, bus, commandId: message.commandId, timeoutMs: message.timeoutMs, call }).catch(
      (error: unknown) => log.error('command failed', { commandId: message.commandId, error }),
    );
  });
}
