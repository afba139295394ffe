// A site's drawn power over the last 24 hours (5-minute buckets, an area in the brand's primary
// colour) against its top circuit's capacity (a dashed step line in the text colour, so the two
// differ by more than colour), lowered where peak windows or grid forecasts applied (#21). The last
// point may be the bucket still filling. A table per hour is the text alternative.

import { CHART_PAD as PAD, TimeLabels, ValueGrid, niceMax, svgPath as path } from './chart-frame.tsx';

export type SiteLoadPoint = {
  at: Date | string;
  drawnKw: number;
  capacityW: number | null;
  limitedBy: string[];
  partial?: boolean;
};

const W = 960;
const H = 180;

const round2 = (v: number) => Math.round(v * 100) / 100;
const capKw = (p: SiteLoadPoint) => (p.capacityW === null ? null : round2(p.capacityW / 1000));

export function SiteLoadChart({ points, timeZone }: { points: SiteLoadPoint[]; timeZone: string }) {
  if (points.length === 0) return <p className="text-sm text-muted">No data.</p>;
  const time = (p: SiteLoadPoint) => new Date(p.at).getTime();
  const caps = points.map(capKw).filter((c): c is number => c !== null);
  const max = niceMax(Math.max(...points.map((p) => p.drawnKw), ...caps));
  const t0 = time(points[0]!);
  const step = points.length > 1 ? time(points[1]!) - t0 : 300_000;
  const t1 = time(points[points.length - 1]!) + step;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const mid = (p: SiteLoadPoint) => time(p) + step / 2;
  const xy = (p: SiteLoadPoint) => `${x(mid(p)).toFixed(1)},${y(p.drawnKw).toFixed(1)}`;
  const live = points[points.length - 1]!.partial ? points[points.length - 1]! : null;
  const complete = live ? points.slice(0, -1) : points;
  const line = path(complete.map(xy));
  const area = `${path(points.map(xy))}L${x(mid(points[points.length - 1]!)).toFixed(1)},${y(0)}L${x(mid(points[0]!)).toFixed(1)},${y(0)}Z`;
  // The capacity as steps over each bucket; a gap where it is unknown (the site was not balanced).
  const capSegments: string[] = [];
  let run: string[] = [];
  for (const p of points) {
    const c = capKw(p);
    if (c === null) {
      if (run.length) capSegments.push(path(run));
      run = [];
      continue;
    }
    run.push(`${x(time(p)).toFixed(1)},${y(c).toFixed(1)}`, `${x(time(p) + step).toFixed(1)},${y(c).toFixed(1)}`);
  }
  if (run.length) capSegments.push(path(run));

  const hour = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  // Every 3 hours, none so close to the right edge that its label is cut.
  const ticks = points.filter((p, i) => i % 36 === 0 && x(time(p)) <= W - PAD.right - 20);
  const peak = points.reduce((a, b) => (b.drawnKw > a.drawnKw ? b : a));
  const now = live ?? complete[complete.length - 1]!;
  const lowest = caps.length ? Math.min(...caps) : null;
  const over = points.filter((p) => p.capacityW !== null && p.drawnKw * 1000 > p.capacityW).length;
  const summary =
    `Site power, last 24 hours: now ${now.drawnKw} kW, peak ${peak.drawnKw} kW at ${hour.format(new Date(peak.at))}` +
    (lowest === null ? ', no capacity set' : `, capacity ${capKw(now) ?? '—'} kW now, lowest ${lowest} kW`);

  // The text alternative: per hour, the highest draw and the lowest capacity, and what lowered it.
  const hours = new Map<string, { label: string; peakKw: number; capKw: number | null; limitedBy: Set<string> }>();
  const dayHour = new Intl.DateTimeFormat('en-IN', { day: '2-digit', hour: '2-digit', hourCycle: 'h23', timeZone });
  const hourOnly = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', hourCycle: 'h23', timeZone });
  for (const p of points) {
    const d = new Date(p.at);
    const key = dayHour.format(d);
    const h = hours.get(key) ?? {
      label: `${hourOnly.format(d)}:00`,
      peakKw: 0,
      capKw: null,
      limitedBy: new Set<string>(),
    };
    h.peakKw = Math.max(h.peakKw, p.drawnKw);
    const c = capKw(p);
    if (c !== null) h.capKw = h.capKw === null ? c : Math.min(h.capKw, c);
    for (const l of p.limitedBy) h.limitedBy.add(l);
    hours.set(key, h);
  }

  return (
    <figure data-testid="site-load-chart">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={summary}>
        <ValueGrid max={max} y={y} width={W} />
        <TimeLabels at={ticks.map((p) => p.at)} x={x} height={H} format={hour} />
        <path d={area} fill="var(--color-primary)" fillOpacity={0.15} />
        <path
          d={line}
          fill="none"
          stroke="var(--color-primary)"
          strokeWidth={1.75}
          strokeLinejoin="round"
          data-testid="site-load-drawn"
        />
        {live && complete.length ? (
          <>
            <path
              d={path([xy(complete[complete.length - 1]!), xy(live)])}
              fill="none"
              stroke="var(--color-primary)"
              strokeWidth={1.75}
              strokeDasharray="3 3"
            />
            <circle cx={x(mid(live))} cy={y(live.drawnKw)} r={3} fill="var(--color-primary)" />
          </>
        ) : null}
        {capSegments.map((d, i) => (
          <path
            key={i}
            d={d}
            fill="none"
            stroke="var(--color-fg)"
            strokeWidth={1.5}
            strokeDasharray="6 4"
            data-testid="site-load-capacity"
          />
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 text-xs text-muted">
        <span>
          <span aria-hidden className="mr-1 inline-block h-2 w-4 align-middle bg-primary/40" />
          Drawn, kW (5-minute averages)
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block w-4 border-t-2 border-dashed border-fg align-middle" />
          Capacity after the safety margin
        </span>
        <span>
          {live ? 'Now (this 5 min so far)' : 'Last 5 min'}:{' '}
          <span className="font-medium text-fg" data-testid="site-load-now" data-kw={now.drawnKw}>
            {now.drawnKw} kW
          </span>
        </span>
        <span>
          Peak: {peak.drawnKw} kW at {hour.format(new Date(peak.at))}
        </span>
        {lowest !== null ? <span data-testid="site-load-lowest">Lowest capacity: {lowest} kW</span> : null}
        {over ? <span className="text-fg">Above capacity in {over} of the 5-minute periods</span> : null}
      </figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-xs text-muted">Table by hour</summary>
        <table className="mt-2 w-full text-xs" data-testid="site-load-table">
          <caption className="sr-only">{summary}</caption>
          <thead>
            <tr className="text-left text-muted">
              <th scope="col" className="py-1 font-medium">
                Hour
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Highest draw
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Lowest capacity
              </th>
              <th scope="col" className="py-1 pl-4 font-medium">
                Lowered by
              </th>
            </tr>
          </thead>
          <tbody>
            {[...hours].map(([key, h]) => (
              <tr key={key} className="border-t border-line">
                <th scope="row" className="py-1 text-left font-normal tabular-nums">
                  {h.label}
                </th>
                <td className="py-1 text-right tabular-nums">{h.peakKw} kW</td>
                <td className="py-1 text-right tabular-nums">{h.capKw === null ? '—' : `${h.capKw} kW`}</td>
                <td className="py-1 pl-4">{[...h.limitedBy].join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
