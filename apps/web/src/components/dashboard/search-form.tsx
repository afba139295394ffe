import type { ReactNode } from 'react';

/** The `?q=` search box above a list page's table (a plain GET form: the URL holds the search). */
export function SearchForm({
  action,
  value,
  label,
  children,
}: {
  action: string;
  value: string | undefined;
  label: string;
  /** Shown beside the box (a count). */
  children?: ReactNode;
}) {
  return (
    <form className="flex items-center gap-3" role="search" action={action}>
      <input
        name="q"
        defaultValue={value}
        placeholder={label}
        aria-label={label}
        className="w-full max-w-xs rounded-md border border-line bg-surface px-3 py-1.5 text-sm"
      />
      {children}
    </form>
  );
}
