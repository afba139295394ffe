import type { SimulatedCharger } from './simulated-charger.ts';

// Reservations held by a simulated charger, the way a real one keeps them (OCPP 1.6 ReserveNow /
// CancelReservation, 2.0.1 H01–H04): a reserved connector reports Reserved, a start by the card
// uses the reservation (and names it), and one whose time passed frees its connector again (a
// 2.0.1 station says so with ReservationStatusUpdate Expired). Connector/EVSE 0 reserves any.

type Held = {
  reservationId: number;
  evseId: number;
  idTag: string;
  parentIdTag?: string;
  timer: NodeJS.Timeout;
};

export type ReserveRequest = {
  reservationId: number;
  evseId: number;
  idTag: string;
  parentIdTag?: string;
  expiresAt: Date;
};

export type ReserveStatus = 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';

export class SimReservations {
  private readonly held = new Map<number, Held>();

  constructor(private readonly sim: SimulatedCharger) {}

  reserve(r: ReserveRequest): ReserveStatus {
    // A known id replaces that reservation (both versions).
    const replaced = this.held.get(r.reservationId);
    if (replaced) this.drop(replaced);
    if (r.evseId > this.sim.evses || r.expiresAt.getTime() <= Date.now()) return 'Rejected';
    if (r.evseId === 0) {
      if (this.sim.protocol === 'ocpp1.6' && this.sim.config.get('ReserveConnectorZeroSupported') !== 'true')
        return 'Rejected';
      if (!this.sim.freeEvse()) return 'Occupied';
    } else {
      const status = this.sim.statusOf(r.evseId);
      if (status === 'Faulted') return 'Faulted';
      if (status === 'Unavailable') return 'Unavailable';
      if (this.sim.transactionOn(r.evseId) || status !== 'Available') return 'Occupied';
    }
    const timer = setTimeout(
      () => void this.expire(r.reservationId).catch(() => {}),
      r.expiresAt.getTime() - Date.now(),
    );
    timer.unref();
    this.held.set(r.reservationId, { ...r, timer });
    if (r.evseId > 0) this.sim.later(() => this.sim.sendStatus(r.evseId, 'Reserved'));
    return 'Accepted';
  }

  cancel(reservationId: number): 'Accepted' | 'Rejected' {
    const r = this.held.get(reservationId);
    if (!r) return 'Rejected';
    this.drop(r);
    if (r.evseId > 0) this.sim.later(() => this.sim.sendStatus(r.evseId, 'Available'));
    return 'Accepted';
  }

  /** The reservation a start by `idTag` on `evseId` uses, which ends with it (its id goes in the start). */
  useFor(evseId: number, idTag: string): number | undefined {
    const tag = idTag.toUpperCase();
    for (const r of this.held.values()) {
      if (r.evseId !== evseId && r.evseId !== 0) continue;
      if (r.idTag.toUpperCase() !== tag && r.parentIdTag?.toUpperCase() !== tag) continue;
      this.drop(r);
      return r.reservationId;
    }
    return undefined;
  }

  /** Ends a reservation whose time passed (also callable by tests, without waiting). */
  async expire(reservationId: number): Promise<void> {
    const r = this.held.get(reservationId);
    if (!r) return;
    this.drop(r);
    if (r.evseId > 0 && this.sim.statusOf(r.evseId) === 'Reserved') await this.sim.sendStatus(r.evseId, 'Available');
    if (this.sim.protocol === 'ocpp2.0.1')
      await this.sim.call('ReservationStatusUpdate', { reservationId, reservationUpdateStatus: 'Expired' });
  }

  has(reservationId: number): boolean {
    return this.held.has(reservationId);
  }

  clear(): void {
    for (const r of this.held.values()) clearTimeout(r.timer);
    this.held.clear();
  }

  private drop(r: Held): void {
    clearTimeout(r.timer);
    this.held.delete(r.reservationId);
  }
}
