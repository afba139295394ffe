// What the dashboard's SVG time charts share (the fleet power chart, a site's load chart): the
// padding, a rounded top of the value axis, path building, the value grid and the time labels.

export const CHART_PAD = { left: 44, right: 8, top: 8, bottom: 22 };

/** The value axis's top: the next of 1, 2, 2.5, 5, 10 × a power of ten at or above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 10;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** An SVG path through "x,y" points. */
export const svgPath = (pts: string[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${p}`).join('');

/** Grid lines and labels at 0, half and the top of the value axis. */
export function ValueGrid({ max, y, width }: { max: number; y: (v: number) => number; width: number }) {
  return [0, 0.5, 1].map((f) => (
    <g key={f}>
      <line
        x1={CHART_PAD.left}
        x2={width - CHART_PAD.right}
        y1={y(max * f)}
        y2={y(max * f)}
        stroke="currentColor"
        strokeOpacity={0.12}
      />
      <text x={CHART_PAD.left - 6} y={y(max * f) + 4} textAnchor="end" fontSize="11" fill="var(--color-muted)">
        {max * f}
      </text>
    </g>
  ));
}

/** Time labels along the bottom, at the given instants. */
export function TimeLabels({
  at,
  x,
  height,
  format,
}: {
  at: (Date | string)[];
  x: (t: number) => number;
  height: number;
  format: Intl.DateTimeFormat;
}) {
  return at.map((a) => (
    <text
      key={String(a)}
      x={x(new Date(a).getTime())}
      y={height - 5}
      textAnchor="middle"
      fontSize="11"
      fill="var(--color-muted)"
    >
      {format.format(new Date(a))}
    </text>
  ));
}
