import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type KeywordDefinition, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventContracts, EventViolation } from '../contracts/event-contracts';
import { EventValidationError } from '../errors/rabbit.errors';

/** Every schema version of one event that may be on the wire, and the one producers emit. */
export interface EventVersions {
  current: number;
  versions: Readonly<Record<number, TSchema>>;
}

/** Routing key → its versions: a team's events. */
export type EventRegistry = Readonly<Record<string, EventVersions>>;

/** The payload type of each event's current version: the map `RabbitPublisher` and `Outbox` are typed with. */
export type EventsOf<R extends EventRegistry> = {
  [K in keyof R & string]: R[K]['versions'][R[K]['current']] extends infer S extends TSchema ? Static<S> : never;
};

export interface TypeboxContractsOptions {
  /** Custom Ajv keywords the schemas use (e.g. a `maxDecimals` for money). */
  keywords?: readonly KeywordDefinition[];
}

/**
 * Contracts from TypeBox schemas, compiled by Ajv once per schema: every violation is reported
 * (allErrors), with a JSON pointer naming the field; validation never coerces or fills defaults.
 *
 * ```ts
 * const BillingEvents = { 'billing.invoice.created': { current: 1, versions: { 1: InvoiceCreatedV1 } } };
 * RabbitModule.forRoot({ ..., contracts: typeboxContracts(BillingEvents) });
 * ```
 */
export function typeboxContracts<R extends EventRegistry>(registry: R, options: TypeboxContractsOptions = {}): EventContracts {
  const ajv = new Ajv({ allErrors: true, useDefaults: false, coerceTypes: false });
  addFormats(ajv);
  for (const keyword of options.keywords ?? []) ajv.addKeyword(keyword);
  const compiled = new Map<TSchema, ValidateFunction>();
  const validatorOf = (schema: TSchema): ValidateFunction => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate;
  };
  const has = (routingKey: string): boolean => Object.hasOwn(registry, routingKey);
  return {
    has,
    currentVersion(routingKey) {
      return has(routingKey) ? registry[routingKey].current : 1;
    },
    assert(routingKey, data, version) {
      if (!has(routingKey)) {
        throw new EventValidationError(routingKey, [{ path: '/', message: `is not a registered event: ${routingKey}` }], version);
      }
      const entry = registry[routingKey];
      const schema = entry.versions[version ?? entry.current];
      if (!schema) {
        throw new EventValidationError(routingKey, [{ path: '/', message: `${routingKey} has no schema version ${String(version)}` }], version);
      }
      const validate = validatorOf(schema);
      if (validate(data)) return data;
      throw new EventValidationError(routingKey, toViolations(validate.errors), version ?? entry.current);
    },
  };
}

/** Ajv reports `required` and `additionalProperties` on the parent object; a reader wants the field. */
function toViolations(errors: readonly ErrorObject[] | null | undefined): EventViolation[] {
  return (errors ?? []).map((error) => {
    const property = error.params['missingProperty'] ?? error.params['additionalProperty'];
    const path = property === undefined ? error.instancePath : `${error.instancePath}/${String(property)}`;
    const message =
      error.keyword === 'required' ? 'is required' : error.keyword === 'additionalProperties' ? 'is not allowed' : (error.message ?? error.keyword);
    return { path: path || '/', message };
  });
}
