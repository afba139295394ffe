// A session's meter curve: power (area, left axis) and energy delivered (line, right axis), SVG.

type Point = { at: Date | string; energyWh: number | null; powerW: number | null; soc: number | null };

const W = 720;
const H = 220;
const P = { left: 44, right: 52, top: 10, bottom: 24 };

export function MeterCurve({ points, timeZone }: { points: Point[]; timeZone: string }) {
  const power = points.filter((p) => p.powerW !== null);
  const energy = points.filter((p) => p.energyWh !== null);
  if (power.length + energy.length < 2)
    return <p className="text-sm text-muted">Not enough meter values to draw a curve.</p>;
  const t = (p: Point) => new Date(p.at).getTime();
  const t0 = t(points[0]!);
  const t1 = t(points[points.length - 1]!);
  const e0 = energy[0]?.energyWh ?? 0;
  const maxKw = Math.max(1, ...power.map((p) => p.powerW! / 1000));
  const maxKwh = Math.max(0.1, ...energy.map((p) => (p.energyWh! - e0) / 1000));
  const x = (ms: number) => P.left + ((ms - t0) / Math.max(1, t1 - t0)) * (W - P.left - P.right);
  const yKw = (v: number) => P.top + (1 - v / maxKw) * (H - P.top - P.bottom);
  const yKwh = (v: number) => P.top + (1 - v / maxKwh) * (H - P.top - P.bottom);
  // A point's power holds until the next point with power (a reading is what the meter said then; a
  // derived figure is the average until the next reading), the last one until the end of the curve.
  const powerPath = power
    .map((p, i) => {
      const y = yKw(p.powerW! / 1000).toFixed(1);
      const until = i + 1 < power.length ? t(power[i + 1]!) : t1;
      return `${i ? 'L' : 'M'}${x(t(p)).toFixed(1)},${y}L${x(until).toFixed(1)},${y}`;
    })
    .join('');
  const energyPath = energy
    .map((p, i) => `${i ? 'L' : 'M'}${x(t(p)).toFixed(1)},${yKwh((p.energyWh! - e0) / 1000).toFixed(1)}`)
    .join('');
  const time = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-label="Power and energy over the session"
        data-testid="meter-curve"
      >
        <line
          x1={P.left}
          x2={W - P.right}
          y1={H - P.bottom}
          y2={H - P.bottom}
          stroke="currentColor"
          strokeOpacity={0.2}
        />
        <text x={P.left - 6} y={P.top + 10} textAnchor="end" fontSize="11" fill="var(--color-muted)">
          {maxKw.toFixed(1)}
        </text>
        <text x={W - P.right + 6} y={P.top + 10} fontSize="11" fill="var(--color-muted)">
          {maxKwh.toFixed(2)}
        </text>
        <text x={P.left} y={H - 6} fontSize="11" fill="var(--color-muted)">
          {time.format(t0)}
        </text>
        <text x={W - P.right} y={H - 6} textAnchor="end" fontSize="11" fill="var(--color-muted)">
          {time.format(t1)}
        </text>
        {power.length > 0 ? (
          <path
            d={`${powerPath}L${x(t1)},${yKw(0)}L${x(t(power[0]!))},${yKw(0)}Z`}
            fill="var(--color-primary)"
            fillOpacity={0.15}
            stroke="var(--color-primary)"
            strokeWidth={1.5}
          />
        ) : null}
        {energy.length > 1 ? <path d={energyPath} fill="none" stroke="var(--color-accent)" strokeWidth={2} /> : null}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-muted">
        <span>
          <span className="mr-1 inline-block h-2 w-3 bg-primary/40" />
          Power, kW (left)
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-accent align-middle" />
          Energy delivered, kWh (right)
        </span>
      </figcaption>
    </figure>
  );
}
