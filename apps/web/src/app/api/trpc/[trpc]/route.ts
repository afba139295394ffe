import { appRouter } from '@magma/api';
import { getContext } from '@/server/api.ts';
import { createTrpcHandler } from '@/server/trpc-handler.ts';

const handler = createTrpcHandler({ router: appRouter, createContext: () => getContext() });

export { handler as GET, handler as POST };
