'use client';

import { Button } from '@magma/ui';

export function PrintButton() {
  return (
    <Button type="button" onClick={() => window.print()}>
      Print stickers
    </Button>
  );
}
