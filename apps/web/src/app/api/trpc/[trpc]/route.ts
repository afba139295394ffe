import { appRouter } from '@magma/api';
import { env } from '@/env.ts';
import { getContext } from '@/server/api.ts';
import { createTrpcHandler } from '@/server/trpc-handler.ts';

const handler = createTrpcHandler({
  router: appRouter,
  createContext: () => getContext(),
  trustProxy: env.TRUST_PROXY,
});

export { handler as GET, handler as POST };
