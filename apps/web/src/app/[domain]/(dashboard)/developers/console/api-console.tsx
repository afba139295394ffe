'use client';

import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Field, Input, Select } from '@magma/ui';

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; description?: string };
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: { oauth2?: string[] }[];
};
type Route = { key: string; method: string; path: string; op: Operation };
type Result = { status: number; ms: number; headers: [string, string][]; body: string };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function ApiConsole() {
  const [routes, setRoutes] = useState<Route[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [body, setBody] = useState('{}');
  const [token, setToken] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch('/api/v1/openapi.json')
      .then((r) => r.json() as Promise<{ paths: Record<string, Record<string, Operation>> }>)
      .then((doc) => {
        const list: Route[] = [];
        for (const [path, item] of Object.entries(doc.paths)) {
          for (const [method, op] of Object.entries(item)) {
            if (METHODS.includes(method))
              list.push({ key: `${method} ${path}`, method: method.toUpperCase(), path, op });
          }
        }
        list.sort((a, b) => (a.op.tags?.[0] ?? '').localeCompare(b.op.tags?.[0] ?? '') || a.path.localeCompare(b.path));
        setRoutes(list);
        setSelected(list[0]?.key ?? '');
      })
      .catch(() => setError('The OpenAPI document could not be loaded.'));
  }, []);

  const route = useMemo(() => routes.find((r) => r.key === selected) ?? null, [routes, selected]);
  const fields = (route?.op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');

  async function send() {
    if (!route) return;
    setBusy(true);
    setResult(null);
    let path = route.path;
    const query = new URLSearchParams();
    for (const p of fields) {
      const v = params[p.name]?.trim();
      if (!v) continue;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v));
      else query.set(p.name, v);
    }
    const headers: Record<string, string> = {};
    if (token.trim()) headers.Authorization = `Bearer ${token.trim()}`;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    if (hasBody || route.method === 'DELETE') headers['Content-Type'] = 'application/json';
    if (idempotencyKey.trim()) headers['Idempotency-Key'] = idempotencyKey.trim();
    const started = performance.now();
    try {
      const res = await fetch(`/api/v1${path}${query.size ? `?${query}` : ''}`, {
        method: route.method,
        headers,
        body: hasBody ? body : undefined,
        credentials: token.trim() ? 'omit' : 'same-origin',
      });
      const text = await res.text();
      let pretty = text;
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // not JSON: shown as it came
      }
      setResult({
        status: res.status,
        ms: Math.round(performance.now() - started),
        headers: [...res.headers.entries()].filter(([k]) =>
          /^(ratelimit|retry-after|etag|content-type|idempotency)/i.test(k),
        ),
        body: pretty,
      });
    } catch {
      setError('The request could not be sent.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <div className="space-y-4">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field label="Route">
            <Select
              value={selected}
              onChange={(e) => {
                setSelected(e.target.value);
                setParams({});
                setResult(null);
              }}
              data-testid="console-route"
            >
              {routes.map((r) => (
                <option key={r.key} value={r.key}>
                  {`${r.op.tags?.[0] ?? ''} · ${r.method} ${r.path}`}
                </option>
              ))}
            </Select>
          </Field>
          {route ? (
            <p className="text-sm text-muted">
              {route.op.summary}
              {route.op.security?.[0]?.oauth2?.length ? ` · scope ${route.op.security[0].oauth2.join(' ')}` : ''}
            </p>
          ) : null}
          {fields.map((p) => (
            <Field key={`${p.in}:${p.name}`} label={`${p.name} (${p.in}${p.required ? ', required' : ''})`}>
              <Input
                value={params[p.name] ?? ''}
                onChange={(e) => setParams({ ...params, [p.name]: e.target.value })}
                data-testid={`console-param-${p.name}`}
              />
            </Field>
          ))}
          {route && route.method !== 'GET' && route.method !== 'DELETE' ? (
            <Field label="JSON body">
              <textarea
                className="block min-h-40 w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm"
                value={body}
                onChange={(e) => setBody(e.target.value)}
                data-testid="console-body"
              />
            </Field>
          ) : null}
          {route && route.method === 'POST' ? (
            <Field label="Idempotency-Key (optional)">
              <Input value={idempotencyKey} onChange={(e) => setIdempotencyKey(e.target.value)} />
            </Field>
          ) : null}
          <Field label="Access token" hint="Empty: your own session (your role). Or paste an mgp_… or client token.">
            <Input
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              data-testid="console-token"
            />
          </Field>
          <Button onClick={() => void send()} disabled={!route || busy} data-testid="console-send">
            {busy ? 'Sending…' : 'Send'}
          </Button>
        </div>
      </Card>
      <Card>
        {result ? (
          <div className="space-y-3" data-testid="console-result">
            <p className="text-sm">
              <span className="font-semibold" data-testid="console-status">
                {result.status}
              </span>{' '}
              <span className="text-muted">in {result.ms} ms</span>
            </p>
            {result.headers.length ? (
              <pre className="text-xs text-muted">{result.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
            ) : null}
            <pre className="max-h-[36rem] overflow-auto rounded-md bg-bg p-3 text-xs">{result.body}</pre>
          </div>
        ) : (
          <p className="text-sm text-muted">Choose a route and send it; the answer shows here.</p>
        )}
      </Card>
    </div>
  );
}
