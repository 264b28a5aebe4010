import { randomUUID } from 'node:crypto';
import { prepareQuery } from '@ecom/rabbit/kysely';
import type { Kysely } from 'kysely';
import type { CarrierLedgerTable, ShippingDatabase } from '../database/shipping.tables';
import { behaviourFor, carrierFails, type CarrierRule } from './carrier-schedule';

export interface ShipmentRequest {
  /** Also the idempotency key: one label per order, however often it is asked for. */
  orderId: string;
  customerId: string;
  /** Calls for this order that failed before, as recorded by the shipping service. */
  failedBefore: number;
}

export interface ShipmentLabel {
  carrier: string;
  trackingNumber: string;
}

const findLabel = prepareQuery<ShippingDatabase, { key: string }>()((db, param) =>
  db.selectFrom('carrier_ledger').selectAll().where('idempotency_key', '=', param('key')),
);

const recordLabel = prepareQuery<ShippingDatabase, Omit<CarrierLedgerTable, 'calls'>>()((db, param) =>
  db
    .insertInto('carrier_ledger')
    .values({ idempotency_key: param('idempotency_key'), carrier: param('carrier'), tracking_number: param('tracking_number'), calls: 1, created_at: param('created_at') })
    .onConflict((oc) => oc.column('idempotency_key').doNothing()),
);

const countRepeatedCall = prepareQuery<ShippingDatabase, { key: string }>()((db, param) =>
  db.updateTable('carrier_ledger').set((eb) => ({ calls: eb('calls', '+', 1) })).where('idempotency_key', '=', param('key')),
);

/** The carrier refused or did not answer; worth retrying. */
export class CarrierUnavailableError extends Error {
  override readonly name = 'CarrierUnavailableError';
}

/**
 * A stand-in for a real carrier API, failing on the configured, deterministic schedule. It keeps
 * its own ledger (committed apart from shipping's transactions, as another system's would be), so
 * a repeated call with the same key (a redelivery, a crash before shipping committed) returns the
 * first label and ships nothing twice.
 */
export class SimulatedCarrier {
  readonly name = 'SimuShip';

  constructor(
    private readonly rules: readonly CarrierRule[],
    private readonly db: Kysely<ShippingDatabase>,
  ) {}

  async createShipment(request: ShipmentRequest): Promise<ShipmentLabel> {
    const known = await this.find(request.orderId);
    if (known) {
      await countRepeatedCall.execute(this.db, { key: request.orderId });
      return { carrier: known.carrier, trackingNumber: known.tracking_number };
    }
    if (carrierFails(behaviourFor(this.rules, request.customerId), request.failedBefore)) {
      throw new CarrierUnavailableError(`${this.name} API unavailable (call ${request.failedBefore + 1} for order ${request.orderId})`);
    }
    const label = { carrier: this.name, trackingNumber: `SIM-${randomUUID().slice(0, 8).toUpperCase()}` };
    await recordLabel.execute(this.db, {
      idempotency_key: request.orderId,
      carrier: label.carrier,
      tracking_number: label.trackingNumber,
      created_at: new Date().toISOString(),
    });
    // Two concurrent first calls: the one that inserted wins, the other gets its label.
    const stored = await this.find(request.orderId);
    return stored ? { carrier: stored.carrier, trackingNumber: stored.tracking_number } : label;
  }

  /** The ledger, a page at a time, for the audit. */
  ledger(limit: number, offset: number): Promise<CarrierLedgerTable[]> {
    return this.db.selectFrom('carrier_ledger').selectAll().orderBy('created_at').orderBy('idempotency_key').limit(limit).offset(offset).execute();
  }

  private find(key: string): Promise<CarrierLedgerTable | undefined> {
    return findLabel.first(this.db, { key });
  }
}
