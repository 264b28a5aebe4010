import { Type } from '@sinclair/typebox';
import Ajv from 'ajv';
import { samples, readmeCreateOrderBody } from '../../test/samples';
import { EventEnvelope } from '../envelope';
import { OrderCreatedV1 } from '../events/order-created';
import { CreateOrderRequest } from '../http/create-order-request';
import type { EventName } from '../registry';
import { compileSchema, validateSchema, assertSchema } from './compile-schema';
import { ContractValidationError } from './contract-validation-error';
import { assertEvent, validateEvent } from './validate-event';

const names = Object.keys(samples) as EventName[];

function violationsOf(result: { ok: boolean; violations?: unknown }) {
  expect(result.ok).toBe(false);
  return result.violations;
}

describe('validateEvent', () => {
  it.each(names)('accepts a valid %s', (name) => {
    expect(validateEvent(name, samples[name])).toEqual({ ok: true, value: samples[name] });
  });

  it.each(names)('rejects %s with an unknown field', (name) => {
    expect(violationsOf(validateEvent(name, { ...samples[name], surprise: 1 }))).toEqual([
      { path: '/surprise', message: 'is not allowed (additional property)' },
    ]);
  });

  it('names the missing field itself, not its parent', () => {
    const { price: _price, ...item } = samples['order.created'].items[0];
    const { createdAt: _createdAt, ...rest } = samples['order.created'];
    expect(violationsOf(validateEvent('order.created', { ...rest, items: [item] }))).toEqual([
      { path: '/createdAt', message: 'is required' },
      { path: '/items/0/price', message: 'is required' },
    ]);
  });

  it('reports every violation at once', () => {
    const bad = {
      ...samples['order.created'],
      orderId: 'not-a-uuid',
      customerId: 'has space',
      customerEmail: 'nope',
      items: [{ productId: 'P1', quantity: 0, price: 29.999 }],
      totalAmount: 0,
      currency: 'usd',
      createdAt: '2025-01-31',
    };
    expect(violationsOf(validateEvent('order.created', bad))).toEqual([
      { path: '/orderId', message: 'must match format "uuid"' },
      { path: '/customerId', message: 'must match pattern "^[A-Za-z0-9._-]+$"' },
      { path: '/customerEmail', message: 'must match format "email"' },
      { path: '/items/0/quantity', message: 'must be >= 1' },
      { path: '/items/0/price', message: 'must have at most 2 decimal places' },
      { path: '/totalAmount', message: 'must be > 0' },
      { path: '/currency', message: 'must match pattern "^[A-Z]{3}$"' },
      { path: '/createdAt', message: 'must match format "date-time"' },
    ]);
  });

  it.each([
    ['items', [], '/items', 'must NOT have fewer than 1 items'],
    ['items', Array.from({ length: 101 }, () => samples['order.created'].items[0]), '/items', 'must NOT have more than 100 items'],
    ['totalAmount', 1_000_000.01, '/totalAmount', 'must be <= 1000000'],
    ['customerEmail', `${'a'.repeat(250)}@x.io`, '/customerEmail', 'must NOT have more than 254 characters'],
    ['customerId', 'x'.repeat(65), '/customerId', 'must NOT have more than 64 characters'],
    ['totalAmount', '29.99', '/totalAmount', 'must be number'],
  ])('bounds %s', (field, value, path, message) => {
    expect(violationsOf(validateEvent('order.created', { ...samples['order.created'], [field]: value }))).toContainEqual({ path, message });
  });

  it('bounds quantities and reasons', () => {
    const item = { ...samples['order.created'].items[0], quantity: 1001 };
    expect(violationsOf(validateEvent('order.created', { ...samples['order.created'], items: [item] }))).toEqual([
      { path: '/items/0/quantity', message: 'must be <= 1000' },
    ]);
    expect(violationsOf(validateEvent('payment.processed.failed', { ...samples['payment.processed.failed'], reason: 'x'.repeat(501) }))).toEqual([
      { path: '/reason', message: 'must NOT have more than 500 characters' },
    ]);
    expect(
      violationsOf(validateEvent('inventory.stock.insufficient', { ...samples['inventory.stock.insufficient'], items: [{ productId: 'P', requested: 1, available: -1 }] })),
    ).toEqual([{ path: '/items/0/available', message: 'must be >= 0' }]);
  });

  it('reports a non-object payload at the root', () => {
    expect(violationsOf(validateEvent('order.created', null))).toEqual([{ path: '/', message: 'must be object' }]);
  });

  it('validates against an explicit version and refuses an unknown one', () => {
    expect(validateEvent('order.created', samples['order.created'], 1).ok).toBe(true);
    expect(violationsOf(validateEvent('order.created', samples['order.created'], 7))).toEqual([
      { path: '/', message: 'order.created has no schema version 7' },
    ]);
  });

  it('refuses an unregistered event name', () => {
    expect(violationsOf(validateEvent('order.deleted' as EventName, {}))).toEqual([
      { path: '/', message: 'is not a registered event: order.deleted' },
    ]);
  });
});

describe('assertEvent', () => {
  it('returns the typed payload when valid', () => {
    const data = assertEvent('order.created', samples['order.created']);
    expect(data.items[0].productId).toBe('PROD123');
  });

  it('throws a ContractValidationError listing path and reason', () => {
    const attempt = () => assertEvent('order.created', { ...samples['order.created'], customerEmail: 'nope' });
    expect(attempt).toThrow(ContractValidationError);
    try {
      attempt();
    } catch (error) {
      const e = error as ContractValidationError;
      expect(e.name).toBe('ContractValidationError');
      expect(e.subject).toBe('order.created');
      expect(e.version).toBe(1);
      expect(e.violations).toEqual([{ path: '/customerEmail', message: 'must match format "email"' }]);
      expect(e.message).toBe('order.created v1 violates its contract: /customerEmail must match format "email"');
    }
  });
});

describe('validateSchema', () => {
  it('accepts the README body of POST /orders, currency left to its default', () => {
    expect(validateSchema(CreateOrderRequest, readmeCreateOrderBody)).toEqual({ ok: true, value: readmeCreateOrderBody });
    expect(readmeCreateOrderBody).not.toHaveProperty('currency');
  });

  it('accepts an explicit currency and rejects a malformed one', () => {
    expect(validateSchema(CreateOrderRequest, { ...readmeCreateOrderBody, currency: 'EUR' }).ok).toBe(true);
    expect(validateSchema(CreateOrderRequest, { ...readmeCreateOrderBody, currency: 'euro' })).toEqual({
      ok: false,
      violations: [{ path: '/currency', message: 'must match pattern "^[A-Z]{3}$"' }],
    });
  });

  it('validates whole envelopes built from a payload schema', () => {
    const envelope = {
      id: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
      type: 'order.created',
      schemaVersion: 1,
      occurredAt: '2025-01-31T12:00:00.000Z',
      correlationId: 'order-42',
      producer: 'order-service',
      data: samples['order.created'],
    };
    const schema = EventEnvelope(OrderCreatedV1);
    expect(validateSchema(schema, envelope).ok).toBe(true);
    expect(validateSchema(schema, { ...envelope, traceparent: 'garbage', data: {} })).toMatchObject({
      ok: false,
      violations: expect.arrayContaining([{ path: '/traceparent', message: 'must match pattern "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"' }]),
    });
  });

  it('throws with the subject it was given', () => {
    expect(() => assertSchema(CreateOrderRequest, {}, 'POST /orders')).toThrow(/^POST \/orders violates its contract: \/customerId is required/);
  });

  it('does not fill in defaults or otherwise touch the input', () => {
    const body = structuredClone(readmeCreateOrderBody);
    validateSchema(CreateOrderRequest, body);
    expect(body).toEqual(readmeCreateOrderBody);
  });
});

describe('compileSchema', () => {
  it('returns a reusable validator', () => {
    const check = compileSchema(OrderCreatedV1);
    expect(check(samples['order.created']).ok).toBe(true);
    expect(check({}).ok).toBe(false);
    expect(check(samples['order.created']).ok).toBe(true);
  });

  it('compiles each schema once', () => {
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    const schema = Type.Object({ id: Type.String() });
    try {
      const first = compileSchema(schema);
      const second = compileSchema(schema);
      expect(validateSchema(schema, { id: 'x' }).ok).toBe(true);
      expect(first({ id: 'x' }).ok && second({}).ok === false).toBe(true);
      expect(compile).toHaveBeenCalledTimes(1);
    } finally {
      compile.mockRestore();
    }
  });

  it('names the schema when it cannot be compiled', () => {
    expect(() => compileSchema({ type: 'nonsense' } as never, 'broken-thing')).toThrow(/Cannot compile the schema of broken-thing/);
  });
});
