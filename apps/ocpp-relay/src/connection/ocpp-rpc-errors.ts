import ocppRpc from 'ocpp-rpc';

// ocpp-rpc re-exports its error classes through an object spread, which Node's ESM loader cannot
// detect as named exports (bundlers can, so tests alone would not notice): take them from the default.
// NOREPLY, its symbol for "send no answer to this call", comes the same way.
export const { RPCError, TimeoutError, NOREPLY } = ocppRpc;
