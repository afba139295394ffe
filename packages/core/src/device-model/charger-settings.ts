import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, assertOperator } from '../tenancy/scope.ts';
import { answerOf, callCharger, findCharger, replyOf, type CallDeps, type CommandReply } from './charger-call.ts';

// SetNetworkProfile (2.0.1 B09) and Reset of one EVSE (B12) as operator actions. The payload is
// checked against the specification's types and against what we can know of the charger before it
// is sent; the charger's answer is returned as it came.

const identifier = (max: number) => z.string().min(1).max(max);

export const networkProfileInput = z
  .object({
    chargerId: z.uuid(),
    configurationSlot: z.number().int().min(1).max(2_147_483_647),
    connectionData: z.object({
      ocppVersion: z.enum(['OCPP12', 'OCPP15', 'OCPP16', 'OCPP20']),
      // We speak OCPP-J only: a charger sent to SOAP could not reach us again.
      ocppTransport: z.literal('JSON', { error: 'This CSMS speaks OCPP over JSON (WebSocket) only, not SOAP' }),
      ocppCsmsUrl: z.url({ protocol: /^wss?$/, error: 'The CSMS URL is a ws:// or wss:// URL' }).max(512),
      messageTimeout: z.number().int().min(1).max(86_400),
      securityProfile: z.number().int().min(1).max(3),
      ocppInterface: z.enum([
        'Wired0',
        'Wired1',
        'Wired2',
        'Wired3',
        'Wireless0',
        'Wireless1',
        'Wireless2',
        'Wireless3',
      ]),
      apn: z
        .object({
          apn: identifier(512),
          apnUserName: z.string().max(20).optional(),
          apnPassword: z.string().max(20).optional(),
          simPin: z.number().int().min(0).max(99_999_999).optional(),
          preferredNetwork: z.string().max(6).optional(),
          useOnlyPreferredNetwork: z.boolean().optional(),
          apnAuthentication: z.enum(['CHAP', 'NONE', 'PAP', 'AUTO']),
        })
        .strict()
        .optional(),
      vpn: z
        .object({
          server: identifier(512),
          user: identifier(20),
          group: z.string().max(20).optional(),
          password: identifier(20),
          key: identifier(255),
          type: z.enum(['IKEv2', 'IPSec', 'L2TP', 'PPTP']),
        })
        .strict()
        .optional(),
    }),
  })
  .superRefine((v, ctx) => {
    const { securityProfile, ocppCsmsUrl } = v.connectionData;
    const scheme = ocppCsmsUrl.split(':')[0]!.toLowerCase();
    // Security profile 1 is unsecured transport (ws); 2 and 3 are TLS (wss). OCPP 2.0.1 Part 2 A00.
    if (securityProfile === 1 && scheme !== 'ws')
      ctx.addIssue({
        code: 'custom',
        path: ['connectionData', 'ocppCsmsUrl'],
        message: 'Security profile 1 uses ws://',
      });
    if (securityProfile > 1 && scheme !== 'wss')
      ctx.addIssue({
        code: 'custom',
        path: ['connectionData', 'ocppCsmsUrl'],
        message: `Security profile ${securityProfile} uses wss:// (TLS)`,
      });
  });

/** The slots the charger says it has (OCPPCommCtrlr.NetworkConfigurationPriority's valuesList), if reported. */
async function knownSlots(deps: CallDeps, chargerId: string): Promise<number[] | null> {
  const v = await deps.db.deviceVariable.findFirst({
    where: { chargerId, component: 'OCPPCommCtrlr', variable: 'NetworkConfigurationPriority' },
    select: { characteristics: true },
  });
  const list = (v?.characteristics as { valuesList?: unknown } | null)?.valuesList;
  if (typeof list !== 'string' || !list.trim()) return null;
  const slots = list.split(',').map((s) => Number(s.trim()));
  return slots.every((n) => Number.isInteger(n)) ? slots : null;
}

export async function setNetworkProfile(
  deps: CallDeps,
  input: z.input<typeof networkProfileInput>,
): Promise<{ reply: CommandReply; answer: string }> {
  // Where the charger connects next: an operator admin's decision.
  assertAdmin(deps.scope);
  const parsed = networkProfileInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_INPUT', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const { chargerId, configurationSlot, connectionData } = parsed.data;
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const slots = await knownSlots(deps, charger.id);
  if (slots && !slots.includes(configurationSlot))
    throw new AppError(
      'BAD_INPUT',
      `This charger has configuration slots ${slots.join(', ')} (OCPPCommCtrlr.NetworkConfigurationPriority)`,
    );
  const payload = { configurationSlot, connectionData };
  const audited = {
    configurationSlot,
    connectionData: {
      ...connectionData,
      ...(connectionData.apn ? { apn: { ...connectionData.apn, apnPassword: undefined, simPin: undefined } } : {}),
      ...(connectionData.vpn ? { vpn: { ...connectionData.vpn, password: '•••', key: '•••' } } : {}),
    },
  };
  const command = await callCharger(
    deps,
    charger.id,
    'SetNetworkProfile',
    payload,
    JSON.parse(JSON.stringify(audited)),
  );
  return { reply: replyOf(command), answer: answerOf(command) };
}

export const resetEvseInput = z.object({
  chargerId: z.uuid(),
  evseId: z.number().int().min(1).max(2_147_483_647),
  /** Immediate, or OnIdle: once the EVSE's transaction has ended. */
  type: z.enum(['Immediate', 'OnIdle']).default('OnIdle'),
});

export async function resetEvse(
  deps: CallDeps,
  input: z.input<typeof resetEvseInput>,
): Promise<{ reply: CommandReply; answer: string }> {
  assertOperator(deps.scope);
  const { chargerId, evseId, type } = resetEvseInput.parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const command = await callCharger(deps, charger.id, 'Reset', { type, evseId });
  return { reply: replyOf(command), answer: answerOf(command) };
}
