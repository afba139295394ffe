'use client';

import { ChargerConsole } from './charger-console.tsx';
import { ChargerCustomerInfo } from './charger-customer-info.tsx';
import { ChargerDataTransfer } from './charger-data-transfer.tsx';
import { ChargerDisplayMessages } from './charger-display-messages.tsx';
import { ChargerTriggers } from './charger-triggers.tsx';

/** The charger page's panels of issue #20: triggers and transactions, display messages, console. */
export function ChargerOpsPanels(props: {
  chargerId: string;
  protocol: 'OCPP16' | 'OCPP201';
  evseIds: number[];
  operator: boolean;
  admin: boolean;
}) {
  return (
    <>
      <ChargerTriggers {...props} />
      {props.operator && props.protocol === 'OCPP201' ? (
        <ChargerDisplayMessages chargerId={props.chargerId} evseIds={props.evseIds} />
      ) : null}
      {props.operator && props.protocol === 'OCPP201' ? <ChargerCustomerInfo chargerId={props.chargerId} /> : null}
      {props.operator ? <ChargerDataTransfer chargerId={props.chargerId} /> : null}
      {props.admin ? <ChargerConsole chargerId={props.chargerId} /> : null}
    </>
  );
}
