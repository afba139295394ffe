import { env } from '@/env.ts';
import { getAuthOptions } from '@/server/auth.ts';
import { handleAuthRequest } from '@/server/auth-route.ts';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  return handleAuthRequest({
    req,
    segments: nextauth,
    options: getAuthOptions(),
    trustProxy: env.TRUST_PROXY,
    secret: env.NEXTAUTH_SECRET,
  });
}

export { handler as GET, handler as POST };
