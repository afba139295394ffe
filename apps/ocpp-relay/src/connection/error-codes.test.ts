import { describe, expect, it } from 'vitest';
import { errorCodeFor, rewriteCallError } from './error-codes.ts';

describe('errorCodeFor', () => {
  it.each([
    ['ocpp1.6', 'FormatViolation', 'FormationViolation'],
    ['ocpp1.6', 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['ocpp1.6', 'RpcFrameworkError', 'FormationViolation'],
    ['ocpp1.6', 'MessageTypeNotSupported', 'FormationViolation'],
    ['ocpp1.6', 'NotImplemented', 'NotImplemented'],
    ['ocpp1.6', 'SomethingElse', 'GenericError'],
    ['ocpp2.0.1', 'FormationViolation', 'FormatViolation'],
    ['ocpp2.0.1', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['ocpp2.0.1', 'RpcFrameworkError', 'RpcFrameworkError'],
    ['ocpp2.0.1', 'TypeConstraintViolation', 'TypeConstraintViolation'],
  ] as const)('%s %s → %s', (version, code, expected) => {
    expect(errorCodeFor(version, code)).toBe(expected);
  });

  it('leaves non-error frames alone and rewrites only the code of a CALLERROR', () => {
    expect(rewriteCallError('ocpp1.6', '[3,"1",{}]')).toBe('[3,"1",{}]');
    expect(JSON.parse(rewriteCallError('ocpp1.6', '[4,"1","FormatViolation","bad",{}]'))).toEqual([
      4,
      '1',
      'FormationViolation',
      'bad',
      {},
    ]);
  });
});
