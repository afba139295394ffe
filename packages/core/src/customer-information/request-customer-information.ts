import { randomInt } from 'node:crypto';
import type { Prisma } from '@magma/db';
import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { customerInfoCharger } from './charger.ts';
import { requestCustomerInformationInput, type customer } from './schemas.ts';

export type Customer = z.output<typeof customer>;

export type CustomerInformationResult = {
  command: CommandReply;
  answer: string;
  requestId: number;
  /** The stored request's status: RECEIVING while parts are expected, COMPLETE, or REFUSED. */
  status: string;
};

/**
 * Sends one CustomerInformation to a charger. The request row exists before the call leaves, so
 * NotifyCustomerInformation parts that overtake the answer find it (receive-customer-information.ts).
 * A clear without report is complete once Accepted: the charger sends no data for it.
 */
export async function sendCustomerInformation(
  deps: CallDeps,
  {
    chargerId,
    customer: c,
    report,
    clear,
    erasureId,
  }: { chargerId: string; customer: Customer; report: boolean; clear: boolean; erasureId?: string },
): Promise<CustomerInformationResult> {
  const { db, scope } = deps;
  const sdb = scopedDb(db, scope);
  const requestId = randomInt(1, 2 ** 31 - 1);
  const row = await sdb.customerInformationRequest.create({
    data: {
      tenantId: scope.tenantId,
      chargerId,
      requestId,
      idToken: c.idToken?.idToken,
      idTokenType: c.idToken?.type,
      customerIdentifier: c.customerIdentifier,
      customerCertificate: c.customerCertificate as Prisma.InputJsonObject | undefined,
      report,
      clear,
      erasureId,
      requestedById: scope.userId,
    },
  });
  const command = await callCharger(deps, chargerId, 'CustomerInformation', {
    requestId,
    report,
    clear,
    ...(c.idToken ? { idToken: c.idToken } : {}),
    ...(c.customerIdentifier ? { customerIdentifier: c.customerIdentifier } : {}),
    ...(c.customerCertificate ? { customerCertificate: c.customerCertificate } : {}),
  });
  const answer = answerOf(command);
  const now = new Date();
  await sdb.customerInformationRequest.update({ where: { id: row.id }, data: { answer, commandId: command.id } });
  // Conditional moves: parts that overtook the answer may have completed the request already.
  if (answer !== 'Accepted')
    await sdb.customerInformationRequest.updateMany({
      where: { id: row.id, status: { in: ['REQUESTED', 'RECEIVING'] } },
      data: { status: 'REFUSED', completedAt: now },
    });
  else
    await sdb.customerInformationRequest.updateMany({
      where: { id: row.id, status: 'REQUESTED' },
      data: report ? { status: 'RECEIVING' } : { status: 'COMPLETE', completedAt: now },
    });
  const { status } = await sdb.customerInformationRequest.findFirstOrThrow({
    where: { id: row.id },
    select: { status: true },
  });
  return { command: replyOf(command), answer, requestId, status };
}

/** N09/N10 from the charger page: get and/or clear one customer's data on one 2.0.1 charger. */
export async function requestCustomerInformation(
  deps: CallDeps & { input: z.input<typeof requestCustomerInformationInput> },
): Promise<CustomerInformationResult> {
  const input = requestCustomerInformationInput.parse(deps.input);
  await customerInfoCharger(deps.db, deps.scope, input.chargerId);
  return sendCustomerInformation(deps, input);
}
