import Link from 'next/link';

// A map drawn from coordinates alone: no tiles, no network. Sites are plotted by latitude and
// longitude on an equirectangular projection corrected for latitude (a degree of longitude is
// cos(lat) of a degree of latitude), with a labelled graticule so distances can be read. Enough to
// see where a site is among its neighbours; not a street map.

export type MapPoint = { id: string; name: string; lat: number; lng: number; chargers: number; current?: boolean };

const W = 640;
const H = 360;
const PAD = 36;
/** Smallest span shown (degrees of latitude, about 4 km), so one site alone is not a pinpoint zoom. */
const MIN_SPAN = 0.04;

function niceStep(span: number): number {
  const raw = span / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const n = raw / pow;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * pow;
}

function degrees(v: number, pos: string, neg: string, step: number): string {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return `${Math.abs(v).toFixed(digits)}°${v >= 0 ? pos : neg}`;
}

export function SiteMap({ points, title, label }: { points: MapPoint[]; title: string; label?: string }) {
  if (points.length === 0) return null;
  const midLat = (Math.min(...points.map((p) => p.lat)) + Math.max(...points.map((p) => p.lat))) / 2;
  const k = Math.max(0.2, Math.cos((midLat * Math.PI) / 180));
  // Work in "y degrees": latitude, and longitude scaled by k, so both axes have the same scale.
  const xs = points.map((p) => p.lng * k);
  const ys = points.map((p) => p.lat);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const aspect = (W - 2 * PAD) / (H - 2 * PAD);
  let spanX = Math.max(x1 - x0, MIN_SPAN);
  let spanY = Math.max(y1 - y0, MIN_SPAN);
  if (spanX / spanY > aspect) spanY = spanX / aspect;
  else spanX = spanY * aspect;
  spanX *= 1.15;
  spanY *= 1.15;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  [x0, x1, y0, y1] = [cx - spanX / 2, cx + spanX / 2, cy - spanY / 2, cy + spanY / 2];
  const px = (lng: number) => PAD + ((lng * k - x0) / spanX) * (W - 2 * PAD);
  const py = (lat: number) => H - PAD - ((lat - y0) / spanY) * (H - 2 * PAD);

  const latStep = niceStep(spanY);
  const lngStep = niceStep(spanX / k);
  const lats: number[] = [];
  for (let v = Math.ceil(y0 / latStep) * latStep; v <= y1; v += latStep) lats.push(v);
  const lngs: number[] = [];
  for (let v = Math.ceil(x0 / k / lngStep) * lngStep; v <= x1 / k; v += lngStep) lngs.push(v);
  // Others first, the current site last (drawn on top).
  const ordered = [...points].sort((a, b) => Number(!!a.current) - Number(!!b.current));

  return (
    <figure className="m-0">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-labelledby="site-map-title"
        className="h-auto w-full rounded-md border border-line bg-tint"
        data-testid="site-map"
      >
        <title id="site-map-title">{title}</title>
        <rect x={PAD} y={PAD} width={W - 2 * PAD} height={H - 2 * PAD} fill="var(--color-surface, #fff)" />
        {lats.map((v) => (
          <g key={`lat${v}`}>
            <line x1={PAD} x2={W - PAD} y1={py(v)} y2={py(v)} stroke="currentColor" strokeOpacity="0.12" />
            <text x={4} y={py(v) + 4} fontSize="10" fill="currentColor" fillOpacity="0.7">
              {degrees(v, 'N', 'S', latStep)}
            </text>
          </g>
        ))}
        {lngs.map((v) => (
          <g key={`lng${v}`}>
            <line x1={px(v)} x2={px(v)} y1={PAD} y2={H - PAD} stroke="currentColor" strokeOpacity="0.12" />
            <text x={px(v)} y={H - PAD + 14} fontSize="10" textAnchor="middle" fill="currentColor" fillOpacity="0.7">
              {degrees(v, 'E', 'W', lngStep)}
            </text>
          </g>
        ))}
        {ordered.map((p) => {
          const x = px(p.lng);
          const y = py(p.lat);
          const anchor = x > W * 0.7 ? 'end' : 'start';
          const dx = anchor === 'end' ? -10 : 10;
          const dot = (
            <g data-map-site={p.name} data-current={p.current ? 'true' : undefined}>
              <circle
                cx={x}
                cy={y}
                r={p.current ? 9 : 6}
                fill={p.current ? 'var(--color-primary, #d9480f)' : 'currentColor'}
                fillOpacity={p.current ? 1 : 0.55}
                stroke="#fff"
                strokeWidth="2"
              />
              <text
                x={x + dx}
                y={y + 4}
                fontSize={p.current ? 13 : 11}
                fontWeight={p.current ? 600 : 400}
                textAnchor={anchor}
                fill="currentColor"
                paintOrder="stroke"
                stroke="var(--color-surface, #fff)"
                strokeWidth="3"
              >
                {p.name} · {p.chargers}
              </text>
            </g>
          );
          return p.current ? (
            <g key={p.id}>{dot}</g>
          ) : (
            <Link key={p.id} href={`/sites/${p.id}`} aria-label={`${p.name}, ${p.chargers} chargers`}>
              {dot}
            </Link>
          );
        })}
      </svg>
      {label ? <figcaption className="mt-2 text-xs text-muted">{label}</figcaption> : null}
    </figure>
  );
}
