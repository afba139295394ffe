import { Fragment, type ReactNode } from 'react';
import { placeholdersOf } from '@magma/i18n';

/**
 * A catalogue message whose {placeholders} are elements (`<code>`, a link) rather than strings:
 * the text around them stays the message's, so a translation can move them. Pass the raw message
 * (`DASHBOARD_CATALOGUES[locale][key]`); a placeholder without a part stays visible.
 */
export function richText(message: string, parts: Record<string, ReactNode>): ReactNode {
  if (placeholdersOf(message).length === 0) return message;
  return message
    .split(/\{(\w+)\}/)
    .map((chunk, i) =>
      i % 2 === 0 ? chunk : <Fragment key={i}>{Object.hasOwn(parts, chunk) ? parts[chunk] : `{${chunk}}`}</Fragment>,
    );
}
