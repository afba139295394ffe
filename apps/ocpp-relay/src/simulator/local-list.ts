import type { Version } from './payloads.ts';

// The simulated charger's local authorization list (1.6 5.15 / 2.0.1 D01–D02): a version and the
// entries, replaced by a Full update and edited by a Differential one (an entry without its info
// removes the token). It honours the limits it is configured with: entries per message
// (SendLocalListMaxLength, LocalAuthListCtrlr.ItemsPerMessage) and in the whole list
// (LocalAuthListMaxLength, LocalAuthListCtrlr.Entries), and refuses a Differential update that is
// not newer than its list (VersionMismatch).

// Payloads arrive validated against the official schema (strict mode).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;

export type SimListEntry = { status: string; expiry?: string; parent?: string };

export class SimLocalList {
  version = 0;
  /** By upper-cased token: OCPP compares id tokens case-insensitively. */
  readonly entries = new Map<string, SimListEntry>();

  constructor(
    private readonly protocol: Version,
    private readonly config: Map<string, string>,
  ) {}

  private limit(key16: string, key201: string): number {
    const n = Number(this.config.get(this.protocol === 'ocpp1.6' ? key16 : key201));
    return Number.isInteger(n) && n > 0 ? n : Infinity;
  }

  get enabled(): boolean {
    const key = this.protocol === 'ocpp1.6' ? 'LocalAuthListEnabled' : 'LocalAuthListCtrlr.Enabled';
    return this.config.get(key) !== 'false';
  }

  /** Applies a SendLocalList request and answers its status. */
  apply(p: Params): 'Accepted' | 'Failed' | 'NotSupported' | 'VersionMismatch' {
    if (!this.enabled) return this.protocol === 'ocpp1.6' ? 'NotSupported' : 'Failed';
    const version: number = this.protocol === 'ocpp1.6' ? p.listVersion : p.versionNumber;
    const lines: Params[] = p.localAuthorizationList ?? [];
    if (lines.length > this.limit('SendLocalListMaxLength', 'LocalAuthListCtrlr.ItemsPerMessage')) return 'Failed';
    if (p.updateType === 'Differential' && version <= this.version) return 'VersionMismatch';
    const next = new Map(p.updateType === 'Full' ? [] : this.entries);
    for (const line of lines) {
      const token = String(this.protocol === 'ocpp1.6' ? line.idTag : line.idToken.idToken).toUpperCase();
      const info: Params | undefined = this.protocol === 'ocpp1.6' ? line.idTagInfo : line.idTokenInfo;
      if (!info) next.delete(token);
      else
        next.set(token, {
          status: info.status,
          expiry: info.expiryDate ?? info.cacheExpiryDateTime,
          parent: info.parentIdTag ?? info.groupIdToken?.idToken,
        });
    }
    if (next.size > this.limit('LocalAuthListMaxLength', 'LocalAuthListCtrlr.Entries')) return 'Failed';
    this.entries.clear();
    for (const [k, v] of next) this.entries.set(k, v);
    this.version = version;
    return 'Accepted';
  }

  /** The status the list gives a token, if it holds it. */
  statusOf(token: string): string | undefined {
    return this.entries.get(token.toUpperCase())?.status;
  }
}
