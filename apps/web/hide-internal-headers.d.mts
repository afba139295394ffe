import type { ServerResponse } from 'node:http';

export function isInternalHeader(name: string): boolean;
export function hideInternalHeaders<R extends ServerResponse>(res: R): R;
