import type RPCServerClientClass from 'ocpp-rpc/lib/server-client';

export type RPCServerClient = RPCServerClientClass;
