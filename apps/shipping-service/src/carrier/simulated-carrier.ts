import { randomUUID } from 'node:crypto';
import { behaviourFor, carrierFails, type CarrierRule } from './carrier-schedule';

export interface ShipmentRequest {
  orderId: string;
  customerId: string;
  /** Calls for this order that failed before, as recorded by the shipping service. */
  failedBefore: number;
}

export interface ShipmentLabel {
  carrier: string;
  trackingNumber: string;
}

/** The carrier refused or did not answer; worth retrying. */
export class CarrierUnavailableError extends Error {
  override readonly name = 'CarrierUnavailableError';
}

/** A stand-in for a real carrier API, failing on the configured, deterministic schedule. */
export class SimulatedCarrier {
  readonly name = 'SimuShip';

  constructor(private readonly rules: readonly CarrierRule[]) {}

  async createShipment(request: ShipmentRequest): Promise<ShipmentLabel> {
    if (carrierFails(behaviourFor(this.rules, request.customerId), request.failedBefore)) {
      throw new CarrierUnavailableError(`${this.name} API unavailable (call ${request.failedBefore + 1} for order ${request.orderId})`);
    }
    return { carrier: this.name, trackingNumber: `SIM-${randomUUID().slice(0, 8).toUpperCase()}` };
  }
}
