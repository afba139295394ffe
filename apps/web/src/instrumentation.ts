// Runs once when the Next server starts. Background work lives behind the Node.js runtime check so
// the edge bundle never sees database or bus code.

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startDriverBackground } = await import('@/server/driver-background.ts');
  await startDriverBackground().catch((e: unknown) => console.error('[driver] background did not start:', e));
  // Serving, not background work: the WebSocket event stream next-server.mjs routes /api/v1/stream to.
  const { startEventStream } = await import('@/server/event-stream.ts');
  startEventStream();
}
