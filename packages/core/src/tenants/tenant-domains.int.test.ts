import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { tenantScope, type Scope } from '../tenancy/scope.ts';
import { createTenantResolver } from '../tenancy/tenant-resolver.ts';
import { addDomainForTenant, addTenantDomain, listTenantDomains, verifyTenantDomain } from './tenant-domains.ts';
import { startLocalDnsServer, type LocalDnsServer } from './local-dns-server.ts';

// A custom domain serves a tenant only after the tenant proved it controls the host (a TXT record
// with its claim's token, looked up in DNS — here a real DNS server on 127.0.0.1). Claims of IP
// literals and platform names are refused; an unverified claim blocks no one.

const PLATFORM = 'platform.test';
let t: TestDatabase;
let dns: LocalDnsServer;
let acme: Scope;
let rival: Scope;

beforeAll(async () => {
  t = await createTestDatabase();
  dns = await startLocalDnsServer();
  const mk = (slug: string) =>
    t.db.tenant.create({ data: { slug, name: slug, plan: 'OPERATOR_CSMS', themeKey: 'magma' } });
  acme = tenantScope((await mk('acme')).id);
  rival = tenantScope((await mk('rival')).id);
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

const resolverOf = () => createTenantResolver({ db: t.db, platformDomain: PLATFORM, ttlMs: 0, missTtlMs: 0 });
const add = (scope: Scope, host: string) =>
  addTenantDomain({ db: t.db, scope, input: { host }, platformDomain: PLATFORM });
const verify = (scope: Scope, id: string) =>
  verifyTenantDomain({ db: t.db, scope, input: { id }, resolver: dns.resolver() });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : e instanceof Error ? e.name : 'error'),
  );

describe('claiming a custom domain', () => {
  it.each([
    ['an IPv4 literal', '127.0.0.1'],
    ['an IPv4 literal with a port', '10.0.0.7:3000'],
    ['an IPv6 literal', '[::1]'],
    ['a single label', 'intranet'],
    ['a localhost name', 'demo.localhost'],
    ['a .local name', 'printer.local'],
    ['the platform host', PLATFORM],
    ['a name under the platform host', `acme.${PLATFORM}`],
    ['a deeper name under the platform host', `x.acme.${PLATFORM}`],
  ])('refuses %s', async (_what, host) => {
    expect(await codeOf(add(acme, host))).toMatch(/BAD_INPUT|ZodError/);
    expect(
      await codeOf(addDomainForTenant({ db: t.db, tenantId: acme.tenantId, host, platformDomain: PLATFORM })),
    ).toMatch(/BAD_INPUT|ZodError/);
  });

  it('a claim shows the TXT record to add and serves nothing until verified', async () => {
    const claim = await add(acme, 'Charge.Acme.in');
    expect(claim.host).toBe('charge.acme.in');
    expect(claim.verifiedAt).toBeNull();
    expect(claim.record.name).toBe('_magma-verification.charge.acme.in');
    expect(claim.record.value).toMatch(/^magma-verification=[0-9a-f]{32}$/);
    expect(await resolverOf().resolve('charge.acme.in')).toBeNull();
    expect((await listTenantDomains({ db: t.db, scope: acme })).map((d) => d.record)).toEqual([claim.record]);
  });

  it('two tenants may claim one host; verification without the record fails and changes nothing', async () => {
    const mine = await add(acme, 'ev.shared.in');
    const theirs = await add(rival, 'ev.shared.in');
    expect(mine.record.value).not.toBe(theirs.record.value);
    const r = await verify(rival, theirs.id);
    expect(r.verified).toBe(false);
    expect(r.message).toContain(theirs.record.name);
    expect(await resolverOf().resolve('ev.shared.in')).toBeNull();
  });

  it('only the tenant whose token is in DNS gets the host, and then no one else can verify it', async () => {
    const mine = await add(acme, 'go.acme-ev.in');
    const theirs = await add(rival, 'go.acme-ev.in');
    // A record of other text, and the token split in two strings as some DNS panels publish it.
    const [head, tail] = [mine.record.value.slice(0, 20), mine.record.value.slice(20)];
    dns.records.set(mine.record.name, [['v=spf1 -all'], [head, tail]]);
    expect((await verify(rival, theirs.id)).verified).toBe(false);
    const ok = await verify(acme, mine.id);
    expect(ok.verified).toBe(true);
    expect(ok.verifiedAt).toBeInstanceOf(Date);
    expect((await resolverOf().resolve('go.acme-ev.in'))?.id).toBe(acme.tenantId);
    // The rival publishes its token too (a shared DNS admin, say): the host stays with acme.
    dns.records.set(theirs.record.name, [[theirs.record.value], [mine.record.value]]);
    expect(await codeOf(verify(rival, theirs.id))).toBe('CONFLICT');
    expect(await codeOf(add(rival, 'go.acme-ev.in'))).toBe('CONFLICT');
    expect((await resolverOf().resolve('go.acme-ev.in'))?.id).toBe(acme.tenantId);
    expect(await t.db.auditLog.count({ where: { tenantId: acme.tenantId, action: 'tenant.domain_verified' } })).toBe(1);
  });

  it('a DNS server failure is an UPSTREAM error, not a verification', async () => {
    const claim = await add(acme, 'down.acme.in');
    dns.records.set(claim.record.name, [[claim.record.value]]);
    dns.failing = true;
    try {
      expect(await codeOf(verify(acme, claim.id))).toBe('UPSTREAM');
    } finally {
      dns.failing = false;
    }
    expect(await resolverOf().resolve('down.acme.in')).toBeNull();
  });

  it("a tenant cannot verify another tenant's claim", async () => {
    const theirs = await add(rival, 'only.rival.in');
    dns.records.set(theirs.record.name, [[theirs.record.value]]);
    expect(await codeOf(verify(acme, theirs.id))).toBe('NOT_FOUND');
    expect((await t.db.tenantDomain.findUniqueOrThrow({ where: { id: theirs.id } })).verifiedAt).toBeNull();
  });
});
