import { oscpEndpoint } from '@/server/oscp.ts';

/** OSCP 1.0 messages from a grid operator's Capacity Provider (see src/server/oscp.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ endpoint: string }> }) {
  return oscpEndpoint(req, '1.0', params);
}
