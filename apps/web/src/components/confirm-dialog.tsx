'use client';

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from '@magma/ui';

// The one confirmation for destructive actions: a native modal <dialog> (the browser traps focus,
// Escape cancels, the rest of the page is inert) that says in words what will happen. Focus starts on
// Cancel, so a stray Enter does nothing, and returns to the control that asked once it closes.

export type ConfirmRequest = {
  title: string;
  /** What happens, in words: who is affected and whether it can be undone. */
  body: ReactNode;
  /** The confirming button's label: the action itself ("Hard reset"), never "OK". */
  confirmLabel: string;
};

type Pending = ConfirmRequest & { resolve: (ok: boolean) => void };

/**
 * `const [confirm, dialog] = useConfirm();` render `dialog` once, then
 * `if (await confirm({...})) send(...)`.
 */
export function useConfirm(): [(req: ConfirmRequest) => Promise<boolean>, ReactNode] {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = useCallback(
    (req: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        setPending({ ...req, resolve });
      }),
    [],
  );
  const dialog = pending ? (
    <ConfirmDialog
      {...pending}
      onClose={(ok) => {
        pending.resolve(ok);
        setPending(null);
      }}
    />
  ) : null;
  return [confirm, dialog];
}

function ConfirmDialog({ title, body, confirmLabel, onClose }: ConfirmRequest & { onClose: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const closed = useRef(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = ref.current;
    if (el && !el.open) el.showModal();
    el?.querySelector<HTMLButtonElement>('[data-cancel]')?.focus();
    return () => {
      if (el?.open) el.close();
      opener?.focus();
    };
  }, []);

  const finish = (ok: boolean) => {
    if (closed.current) return;
    closed.current = true;
    onClose(ok);
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="confirm-dialog"
      // Escape (and the browser's own close requests) cancel.
      onCancel={(e) => {
        e.preventDefault();
        finish(false);
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) cancels.
        if (e.target === e.currentTarget) finish(false);
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        <div id={bodyId} className="text-sm">
          {body}
        </div>
        <div className="flex justify-end gap-2 pt-2">
          <Button data-cancel variant="secondary" size="sm" onClick={() => finish(false)}>
            Cancel
          </Button>
          <Button variant="danger" size="sm" onClick={() => finish(true)} data-testid="confirm-dialog-confirm">
            {confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}

/** A failure said beside the control that caused it (never window.alert). */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <span role="alert" className="block text-xs text-red-700">
      {error instanceof Error ? error.message : 'Something went wrong'}
    </span>
  );
}

/**
 * A button that asks first (`confirm` null: it does not ask, e.g. enabling again) and shows its
 * mutation's failure beside itself.
 */
export function ConfirmButton({
  confirm: request,
  onConfirm,
  error,
  children,
  ...button
}: Omit<ButtonProps, 'onClick'> & { confirm: ConfirmRequest | null; onConfirm: () => void; error?: unknown }) {
  const [confirm, dialog] = useConfirm();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      {dialog}
      <Button
        {...button}
        onClick={() => {
          if (!request) return onConfirm();
          void confirm(request).then((ok) => ok && onConfirm());
        }}
      >
        {children}
      </Button>
      <InlineError error={error} />
    </span>
  );
}
