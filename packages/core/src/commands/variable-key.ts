import { AppError } from '../errors/app-error.ts';

// The operator's name for a 2.0.1 device-model variable, one string:
//
//   Component[componentInstance]@evse.connector/Variable[variableInstance]
//
// e.g. `DeviceDataCtrlr/ItemsPerMessage[GetVariables]`, `Connector@1.2/AvailabilityState`,
// `EVSE@1/Power`. Every part but the two names is optional. Without a `/` the older form
// `Component.Variable` is read (the first dot splits), so saved keys keep working.

export type ComponentVariable = {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
};

// Names and instances are 2.0.1 identifierString(50): letters, digits and *-_=:+|@. (no brackets, no '/').
const ID = '[A-Za-z0-9*\\-_=:+|.]{1,50}';
const INSTANCE = `(?:\\[(${ID})\\])?`;
const KEY = new RegExp(`^(${ID})${INSTANCE}(?:@(\\d{1,9})(?:\\.(\\d{1,9}))?)?/(${ID})${INSTANCE}$`);

export function parseVariableKey(key: string): ComponentVariable {
  const text = key.trim();
  if (!text.includes('/')) {
    const [component = '', ...rest] = text.split('.');
    const variable = rest.join('.') || component;
    if (!component) throw new AppError('BAD_INPUT', `Not a variable key: ${key}`);
    return { component: { name: component }, variable: { name: variable } };
  }
  const m = KEY.exec(text);
  if (!m)
    throw new AppError(
      'BAD_INPUT',
      `Not a variable key: ${key} (Component[instance]@evse.connector/Variable[instance])`,
    );
  const [, component, componentInstance, evse, connector, variable, variableInstance] = m;
  return {
    component: {
      name: component!,
      ...(componentInstance ? { instance: componentInstance } : {}),
      ...(evse ? { evse: { id: Number(evse), ...(connector ? { connectorId: Number(connector) } : {}) } } : {}),
    },
    variable: { name: variable!, ...(variableInstance ? { instance: variableInstance } : {}) },
  };
}

/** The key of a component and variable as the charger reported them (the inverse of parseVariableKey). */
export function variableKeyOf(cv: ComponentVariable): string {
  const { component: c, variable: v } = cv;
  const evse = c.evse ? `@${c.evse.id}${c.evse.connectorId !== undefined ? `.${c.evse.connectorId}` : ''}` : '';
  return `${c.name}${c.instance ? `[${c.instance}]` : ''}${evse}/${v.name}${v.instance ? `[${v.instance}]` : ''}`;
}
