import { pageOutput } from './common.ts';
import { payoutRunsOutput, settlementWeeksOutput, splitTermsListOutput } from './money.ts';
import { statementListOutput } from './statement.ts';
import { tariffListOutput } from './tariffs.ts';

// The REST pages of lists whose dashboard procedure answers a plain array: the same rows, as
// `{ items, nextCursor }` (see packages/core/src/pagination).

export const settlementWeekPageOutput = pageOutput(settlementWeeksOutput.element);
export const splitTermsPageOutput = pageOutput(splitTermsListOutput.element);
export const payoutRunPageOutput = pageOutput(payoutRunsOutput.element);
export const statementPageOutput = pageOutput(statementListOutput.element);
export const tariffPageOutput = pageOutput(tariffListOutput.element);
