import { z } from 'zod';
import {
  getStatementDocument,
  listStatements,
  listStatementsInput,
  listStatementsPage,
  listStatementsPageInput,
} from '@magma/core/statements';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { statementDocumentOutput, statementListOutput } from '../openapi/schemas/statement.ts';
import { statementPageOutput } from '../openapi/schemas/pages.ts';

export const statementsRouter = createTRPCRouter({
  /** The closed statements the user may download (a vendor user: its own), newest week first. */
  list: protectedProcedure
    .output(statementListOutput)
    .input(listStatementsInput.optional())
    .query(({ ctx, input }) => listStatements({ db: ctx.db, scope: ctx.scope, input: input ?? {} })),
  page: protectedProcedure
    .meta(
      rest('GET', '/settlement-statements', 'settlements', {
        summary: 'Closed settlement statements (vendor totals and site parts), newest first, a page at a time',
      }),
    )
    .output(statementPageOutput)
    .input(listStatementsPageInput.optional())
    .query(({ ctx, input }) => listStatementsPage({ db: ctx.db, scope: ctx.scope, input })),
  /**
   * One closed statement (a vendor's week, or one site of it) as its PDF shows it: the operator's
   * people see every vendor's, a vendor user its own only; anything else is NOT_FOUND. The web app
   * serves it as a PDF at /api/statements/{id}.pdf.
   */
  get: protectedProcedure
    .meta(
      rest('GET', '/settlement-statements/{id}', 'settlements', {
        summary: "A closed settlement statement with its sites and payouts (the PDF's content)",
      }),
    )
    .output(statementDocumentOutput)
    .input(z.object({ id: z.uuid() }).strict())
    .query(({ ctx, input }) => getStatementDocument({ db: ctx.db, scope: ctx.scope, statementId: input.id })),
});
