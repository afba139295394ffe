import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@magma/api';
import { getContext } from '@/server/api.ts';

function handler(req: Request) {
  return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => getContext() });
}

export { handler as GET, handler as POST };
