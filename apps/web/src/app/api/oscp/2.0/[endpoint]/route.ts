import { oscpEndpoint } from '@/server/oscp.ts';

/** OSCP 2.0 messages from a grid operator's Capacity Provider (see src/server/oscp.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ endpoint: string }> }) {
  return oscpEndpoint(req, '2.0', params);
}
