export { createDb, sqlExecute, sqlQuery, type Db, type CreateDbOptions, type SqlText } from './client.ts';
export { Prisma } from './generated/prisma/client.ts';
export * from './generated/prisma/enums.ts';
export type * from './generated/prisma/models.ts';
