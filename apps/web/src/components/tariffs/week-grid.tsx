'use client';

import { useRef, type PointerEvent } from 'react';
import { cx } from '@magma/ui';
import type { GridWindow } from './draft.ts';
import { CELLS, DAY_SHORT, HOURS, cellIndex } from './week.ts';

// Window swatches tell windows apart; they are a fixed palette, not brand colours, so they read the
// same on every theme. The active window is always drawn in the brand's primary colour.
export const SWATCHES = [
  'bg-sky-300',
  'bg-amber-300',
  'bg-violet-300',
  'bg-rose-300',
  'bg-teal-300',
  'bg-lime-300',
] as const;
export const FREE_SWATCH = 'bg-emerald-200';

export function swatchOf(windows: GridWindow[], id: string): string {
  const w = windows.find((x) => x.id === id);
  if (!w) return 'bg-tint';
  if (w.kind === 'free') return FREE_SWATCH;
  if (w.kind === 'cap') return 'bg-surface border-2 border-dashed border-fg/50';
  return SWATCHES[windows.filter((x) => x.kind === 'price').indexOf(w) % SWATCHES.length]!;
}

type Props = {
  windows: GridWindow[];
  activeId: string | null;
  /** Paint (true) or clear (false) cells of the active window. */
  onPaint: (cells: number[], value: boolean) => void;
  disabled?: boolean;
};

/**
 * 7 days × 24 hours. Press on a cell and drag to paint the active window onto those hours; starting
 * on a cell the window already covers clears instead. Works with mouse, pen and touch (the cell
 * under the pointer is looked up on every move, so touch drags work despite pointer capture), and
 * each cell is a button for keyboards.
 */
export function WeekGrid({ windows, activeId, onPaint, disabled }: Props) {
  const drag = useRef<{ value: boolean; last: number } | null>(null);
  const active = windows.find((w) => w.id === activeId) ?? null;
  const priceWindows = windows.filter((w) => w.kind === 'price');
  const canPaint = !disabled && active !== null;

  const cellAt = (x: number, y: number): number | null => {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-cell]');
    return el ? Number(el.dataset.cell) : null;
  };

  function down(e: PointerEvent<HTMLDivElement>) {
    if (!canPaint || e.button !== 0) return;
    const i = cellAt(e.clientX, e.clientY);
    if (i === null) return;
    e.preventDefault();
    const value = !active.cells[i];
    drag.current = { value, last: i };
    onPaint([i], value);
  }
  function move(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d) return;
    const i = cellAt(e.clientX, e.clientY);
    if (i === null || i === d.last) return;
    d.last = i;
    onPaint([i], d.value);
  }
  const up = () => {
    drag.current = null;
  };

  return (
    <div className="overflow-x-auto">
      <div
        role="grid"
        aria-label="Week grid: days by hours"
        data-testid="week-grid"
        className={cx('grid min-w-[640px] select-none gap-px text-[10px]', canPaint && 'cursor-crosshair touch-none')}
        style={{ gridTemplateColumns: `2.5rem repeat(${HOURS}, minmax(0, 1fr))` }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={up}
      >
        <div />
        {Array.from({ length: HOURS }, (_, h) => (
          <div key={h} className="text-center text-muted tabular-nums">
            {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
          </div>
        ))}
        {DAY_SHORT.map((day, d) => (
          <div key={day} role="row" className="contents">
            <div className="flex items-center text-xs font-medium text-muted">{day}</div>
            {Array.from({ length: HOURS }, (_, h) => {
              const i = cellIndex(d, h);
              const price = priceWindows.find((w) => w.cells[i]);
              const free = windows.find((w) => w.kind === 'free' && w.cells[i]);
              const cap = windows.find((w) => w.kind === 'cap' && w.cells[i]);
              const mine = active?.cells[i] ?? false;
              const label = `${day} ${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00`;
              const covers = [price?.name, free?.name, cap?.name].filter(Boolean).join(', ');
              return (
                <button
                  key={h}
                  type="button"
                  role="gridcell"
                  data-cell={i}
                  aria-selected={mine}
                  aria-label={`${label}${covers ? `: ${covers}` : ''}`}
                  title={`${label}${covers ? ` · ${covers}` : ' · standard prices'}`}
                  disabled={!canPaint}
                  onClick={(e) => {
                    // Pointer presses paint on pointerdown; a click with detail 0 comes from the keyboard.
                    if (e.detail === 0 && canPaint) onPaint([i], !mine);
                  }}
                  className={cx(
                    'relative h-7 rounded-[3px] disabled:cursor-default',
                    mine ? 'bg-primary' : free ? FREE_SWATCH : price ? swatchOf(windows, price.id) : 'bg-tint',
                    !mine && active && 'opacity-80',
                  )}
                >
                  {cap ? (
                    <span
                      aria-hidden
                      className={cx(
                        'absolute inset-0 flex items-center justify-center',
                        mine ? 'text-white' : 'text-fg',
                      )}
                    >
                      ⚡
                    </span>
                  ) : null}
                </button>
              );
            })}
          </div>
        ))}
      </div>
      <p className="mt-2 text-xs text-muted">
        {canPaint
          ? `Press and drag to paint “${active.name || 'this window'}”; start on a painted hour to clear. ${CELLS} hours, local time.`
          : 'Choose a window to paint its hours.'}
      </p>
    </div>
  );
}
