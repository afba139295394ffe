import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type Db = InstanceType<typeof PrismaClient>;

export type CreateDbOptions = {
  url: string;
  /** Pool size; the relay and the web app size it for their own load. */
  max?: number;
  applicationName?: string;
};

/** The one client factory, used by the web app, the relay, scripts and tests alike. */
export function createDb({ url, max = 10, applicationName = 'magma' }: CreateDbOptions): Db {
  const adapter = new PrismaPg({ connectionString: url, max, application_name: applicationName });
  return new PrismaClient({ adapter });
}
