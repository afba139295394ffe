import { defineHandler } from '../types.ts';

export const heartbeat = defineHandler<Record<string, never>>(async ({ heartbeats, conn }) => {
  heartbeats.touch(conn.charger.chargerId);
  return { currentTime: new Date().toISOString() };
});
