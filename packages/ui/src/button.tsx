import type { ButtonHTMLAttributes } from 'react';
import { cx } from './cx.ts';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'sm' | 'md';
  busy?: boolean;
};

const VARIANTS = {
  primary: 'bg-primary text-on-primary hover:brightness-110 shadow-sm',
  secondary: 'bg-surface text-fg border border-line hover:bg-tint',
  danger: 'bg-red-600 text-white hover:bg-red-700',
  ghost: 'text-fg hover:bg-tint',
} as const;

export function Button({
  variant = 'primary',
  size = 'md',
  busy,
  className,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex items-center justify-center gap-2 rounded-md font-medium transition disabled:cursor-not-allowed disabled:opacity-60',
        size === 'sm' ? 'px-2.5 py-1 text-sm' : 'px-4 py-2 text-sm',
        VARIANTS[variant],
        className,
      )}
    >
      {busy ? (
        <span className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
      ) : null}
      {children}
    </button>
  );
}
