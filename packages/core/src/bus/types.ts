// The one message bus between the relay(s) and the web app(s). Messages are JSON values; a
// subscriber gets every message published on its channel after its subscription resolved.

export type BusMessage = unknown;
export type BusHandler = (message: BusMessage) => void;
export type Unsubscribe = () => Promise<void>;

export type Bus = {
  publish(channel: string, message: BusMessage): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
};

export type BusKind = 'pg' | 'redis';

/** Live dashboard events of one tenant. */
export const tenantEventsChannel = (tenantId: string) => `tenant:${tenantId}:events`;
/** Commands addressed to one relay instance (it holds the charger's socket). */
export const relayCommandsChannel = (instanceId: string) => `relay:${instanceId}:commands`;
/** The relay's answer to one command, awaited by whoever sent it. */
export const commandReplyChannel = (commandId: string) => `command:${commandId}:reply`;
