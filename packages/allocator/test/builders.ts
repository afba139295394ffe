import type { CircuitInput, EvseSession } from '../src/model.ts';

export const aCircuit = (over: Partial<CircuitInput> & { id: string }): CircuitInput => ({
  parentId: null,
  phases: 3,
  maxCurrentA: 32,
  ...over,
});

export const aSession = (over: Partial<EvseSession> & { evseId: string }): EvseSession => ({
  circuitId: 'site',
  evsePhases: 1,
  minCurrentA: 6,
  maxCurrentA: 32,
  arrivedAt: 0,
  ...over,
});
