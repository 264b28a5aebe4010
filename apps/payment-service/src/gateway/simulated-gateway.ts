import { prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { GatewayLedgerTable, PaymentDatabase } from '../database/payment.tables';

type LedgerKey = Pick<GatewayLedgerTable, 'idempotency_key' | 'kind'>;

const recordCall = prepareQuery<PaymentDatabase, Omit<GatewayLedgerTable, 'calls'>>()((db, param) =>
  db
    .insertInto('gateway_ledger')
    .values({ idempotency_key: param('idempotency_key'), kind: param('kind'), amount: param('amount'), currency: param('currency'), calls: 1, at: param('at') })
    .onConflict((oc) => oc.columns(['idempotency_key', 'kind']).doUpdateSet((eb) => ({ calls: eb('gateway_ledger.calls', '+', 1) }))),
);

const findEntry = prepareQuery<PaymentDatabase, LedgerKey>()((db, param) =>
  db.selectFrom('gateway_ledger').selectAll().where('idempotency_key', '=', param('idempotency_key')).where('kind', '=', param('kind')),
);

/**
 * A stand-in for a card gateway with idempotency keys: a call repeated with the same key (a
 * redelivery, or a crash between the call and the handler's commit) returns the first result and
 * moves no money again. Its ledger is its own, committed apart from payment-service's transactions.
 */
@Injectable()
export class SimulatedGateway {
  constructor(@Inject(DATABASE) private readonly db: Kysely<PaymentDatabase>) {}

  /** Charges `amount` once per key. */
  async charge(key: string, amount: number, currency: string): Promise<GatewayLedgerTable> {
    return this.record(key, 'charge', amount, currency);
  }

  /** Pays back the key's charge in full, once; undefined when nothing was charged. */
  async refund(key: string): Promise<GatewayLedgerTable | undefined> {
    const charge = await this.find(key, 'charge');
    if (!charge) return undefined;
    return this.record(key, 'refund', charge.amount, charge.currency);
  }

  /** The charge made under `key`, if any (as a real gateway looks a payment up by its idempotency key). */
  chargeOf(key: string): Promise<GatewayLedgerTable | undefined> {
    return this.find(key, 'charge');
  }

  /** The ledger, a page at a time (oldest first), for the audit. */
  ledger(limit: number, offset: number): Promise<GatewayLedgerTable[]> {
    return this.db.selectFrom('gateway_ledger').selectAll().orderBy('at').orderBy('idempotency_key').orderBy('kind').limit(limit).offset(offset).execute();
  }

  private async record(key: string, kind: GatewayLedgerTable['kind'], amount: number, currency: string): Promise<GatewayLedgerTable> {
    await recordCall.execute(this.db, { idempotency_key: key, kind, amount, currency, at: new Date().toISOString() });
    const row = await this.find(key, kind);
    if (!row) throw new Error(`gateway ledger lost ${kind} ${key}`);
    return row;
  }

  private find(key: string, kind: GatewayLedgerTable['kind']): Promise<GatewayLedgerTable | undefined> {
    return findEntry.first(this.db, { idempotency_key: key, kind });
  }
}
