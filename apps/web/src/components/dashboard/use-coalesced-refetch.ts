'use client';

import { useEffect, useRef } from 'react';

/**
 * Runs `load` a little after it is asked for, at most one at a time, and never drops a request: one
 * that arrives while a load is in flight (whose query may already have read the data the new event
 * changed) schedules one more load once that one ends. Returns the function that asks.
 */
export function useCoalescedRefetch<T>(load: () => Promise<T>, apply: (value: T) => void, delayMs: number) {
  const latest = useRef({ load, apply });
  useEffect(() => {
    latest.current = { load, apply };
  });
  const state = useRef({ busy: false, again: false, alive: true });
  useEffect(() => {
    state.current.alive = true;
    return () => {
      state.current.alive = false;
    };
  }, []);
  const ask = useRef(() => {});
  ask.current = () => {
    const s = state.current;
    if (s.busy) {
      s.again = true;
      return;
    }
    s.busy = true;
    setTimeout(() => {
      latest.current
        .load()
        .then((value) => {
          if (s.alive) latest.current.apply(value);
        })
        .catch(() => {})
        .finally(() => {
          s.busy = false;
          if (s.again && s.alive) {
            s.again = false;
            ask.current();
          }
        });
    }, delayMs);
  };
  return ask;
}
