// The fleet's power over the last 24 hours as a plain SVG area chart (5-minute buckets). The last
// point may be the bucket still filling (`partial`): drawn dashed, and named "now" in the caption.

import { CHART_PAD as PAD, TimeLabels, ValueGrid, niceMax, svgPath as path } from './chart-frame.tsx';

export type PowerPoint = { at: Date | string; kw: number; partial?: boolean };

/**
 * `width` is the chart's drawn width in CSS pixels when known (LivePowerChart measures it), so its
 * labels keep their size on a phone instead of shrinking with a wide picture; narrow charts are
 * relatively taller and label every 6 hours.
 */
export function PowerChart({
  points,
  timeZone,
  width = 960,
}: {
  points: PowerPoint[];
  timeZone: string;
  width?: number;
}) {
  if (points.length === 0) return <p className="text-sm text-muted">No data.</p>;
  const W = Math.max(280, Math.round(width));
  const narrow = W < 640;
  const H = narrow ? 180 : Math.max(110, Math.round((W * 150) / 960));
  const max = niceMax(Math.max(...points.map((p) => p.kw)));
  const t0 = new Date(points[0]!.at).getTime();
  const t1 = new Date(points[points.length - 1]!.at).getTime();
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const xy = (p: PowerPoint) => `${x(new Date(p.at).getTime()).toFixed(1)},${y(p.kw).toFixed(1)}`;
  const live = points[points.length - 1]!.partial ? points[points.length - 1]! : null;
  const complete = live ? points.slice(0, -1) : points;
  const line = path(complete.map(xy));
  const area = `${path(points.map(xy))}L${x(t1).toFixed(1)},${y(0)}L${x(t0).toFixed(1)},${y(0)}Z`;
  const hour = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const step = narrow ? 72 : 36; // every 6 or 3 hours
  // None at the right edge, where a centred label would be cut off by the picture's end.
  const ticks = points.filter((_, i) => i % step === 0 && points.length - 1 - i >= step / 4);
  const peak = points.reduce((a, b) => (b.kw > a.kw ? b : a));
  const last = complete[complete.length - 1] ?? points[0]!;
  const now = live ?? last;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-label={`Fleet power, last 24 hours; now ${now.kw} kW, peak ${peak.kw} kW`}
        data-testid="power-chart"
      >
        <ValueGrid max={max} y={y} width={W} />
        <TimeLabels at={ticks.map((p) => p.at)} x={x} height={H} format={hour} />
        <path d={area} fill="var(--color-primary)" fillOpacity={0.15} />
        <path d={line} fill="none" stroke="var(--color-primary)" strokeWidth={1.75} strokeLinejoin="round" />
        {live && complete.length ? (
          <>
            <path
              d={path([xy(last), xy(live)])}
              fill="none"
              stroke="var(--color-primary)"
              strokeWidth={1.75}
              strokeDasharray="3 3"
            />
            <circle cx={x(t1)} cy={y(live.kw)} r={3} fill="var(--color-primary)" />
          </>
        ) : null}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 text-xs text-muted">
        <span>kW, 5-minute averages</span>
        <span>
          {live ? 'Now (this 5 min so far)' : 'Last 5 min'}:{' '}
          <span className="font-medium text-fg" data-testid="power-now" data-kw={now.kw}>
            {now.kw} kW
          </span>
        </span>
        {live ? <span>Last complete 5 min: {last.kw} kW</span> : null}
        <span>
          Peak: {peak.kw} kW at {hour.format(new Date(peak.at))}
        </span>
      </figcaption>
    </figure>
  );
}
