import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { OrderCreatedV1 } from '../events/order-created';
import type { BreakingChangeKind } from './breaking-change';
import { findBreakingChanges } from './find-breaking-changes';
import type { JsonSchema } from './find-breaking-changes';

const json = (schema: TSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;
const object = (properties: Parameters<typeof Type.Object>[0], open = false) =>
  json(Type.Object(properties, { additionalProperties: open }));
const kinds = (before: JsonSchema, after: JsonSchema): [string, BreakingChangeKind][] =>
  findBreakingChanges(before, after).map((c) => [c.path, c.kind]);

describe('findBreakingChanges', () => {
  it('finds nothing between a schema and itself', () => {
    expect(findBreakingChanges(json(OrderCreatedV1), json(OrderCreatedV1))).toEqual([]);
  });

  describe('detects', () => {
    it('a removed field, required or not', () => {
      const before = object({ a: Type.String(), b: Type.Optional(Type.String()) });
      expect(kinds(before, object({}))).toEqual([
        ['/a', 'field-removed'],
        ['/b', 'field-removed'],
      ]);
    });

    it('a retyped field', () => {
      const change = findBreakingChanges(object({ a: Type.Number() }), object({ a: Type.String() }));
      expect(change).toEqual([{ path: '/a', kind: 'type-changed', message: 'type changed from number to string' }]);
    });

    it('number narrowed to integer', () => {
      expect(kinds(object({ a: Type.Number() }), object({ a: Type.Integer() }))).toEqual([['/a', 'type-changed']]);
    });

    it('a new required field', () => {
      expect(findBreakingChanges(object({ a: Type.String() }), object({ a: Type.String(), b: Type.String() }))).toEqual([
        { path: '/b', kind: 'field-required', message: 'new required field' },
      ]);
    });

    it('an optional field made required, and a required one made optional', () => {
      expect(kinds(object({ a: Type.Optional(Type.String()) }), object({ a: Type.String() }))).toEqual([['/a', 'field-required']]);
      expect(kinds(object({ a: Type.String() }), object({ a: Type.Optional(Type.String()) }))).toEqual([['/a', 'field-optional']]);
    });

    it.each([
      ['minimum raised', Type.Number({ minimum: 0 }), Type.Number({ minimum: 1 })],
      ['minimum made exclusive', Type.Number({ minimum: 0 }), Type.Number({ exclusiveMinimum: 0 })],
      ['maximum lowered', Type.Number({ maximum: 10 }), Type.Number({ maximum: 9 })],
      ['maximum added', Type.Number(), Type.Number({ maximum: 9 })],
      ['minLength raised', Type.String({ minLength: 1 }), Type.String({ minLength: 2 })],
      ['maxLength lowered', Type.String({ maxLength: 254 }), Type.String({ maxLength: 100 })],
      ['pattern added', Type.String(), Type.String({ pattern: '^[A-Z]+$' })],
      ['pattern changed', Type.String({ pattern: '^[A-Z]+$' }), Type.String({ pattern: '^[A-Z]{3}$' })],
      ['format added', Type.String(), Type.String({ format: 'email' })],
      ['format changed', Type.String({ format: 'uri' }), Type.String({ format: 'uuid' })],
      ['enum narrowed', Type.Unsafe({ type: 'string', enum: ['a', 'b'] }), Type.Unsafe({ type: 'string', enum: ['a'] })],
      ['literal union narrowed', Type.Union([Type.Literal('a'), Type.Literal('b'), Type.Literal('c')]), Type.Union([Type.Literal('a'), Type.Literal('b')])],
      ['const added', Type.String(), Type.Literal('x')],
      ['maxItems lowered', Type.Array(Type.String(), { maxItems: 100 }), Type.Array(Type.String(), { maxItems: 10 })],
      ['minItems raised', Type.Array(Type.String()), Type.Array(Type.String(), { minItems: 1 })],
      ['item constraint narrowed', Type.Array(Type.Integer({ maximum: 1000 })), Type.Array(Type.Integer({ maximum: 10 }))],
      ['decimals lowered', Type.Number({ 'x-max-decimals': 2 }), Type.Number({ 'x-max-decimals': 0 })],
      ['multipleOf added', Type.Number(), Type.Number({ multipleOf: 5 })],
    ])('a narrowed constraint: %s', (_, before, after) => {
      const changes = findBreakingChanges(object({ a: before }), object({ a: after }));
      expect(changes.map((c) => c.kind)).toEqual(['constraint-narrowed']);
      expect(changes[0].path).toMatch(/^\/a/);
    });

    it('additionalProperties turned false, at any depth', () => {
      const before = object({ items: Type.Array(Type.Object({ id: Type.String() })) }, true);
      const after = object({ items: Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: false })) });
      expect(kinds(before, after)).toEqual([
        ['/items/*', 'additional-properties-closed'],
        ['/', 'additional-properties-closed'],
      ]);
    });

    it('breaks in nested objects with a path naming the field', () => {
      const item = Type.Object({ productId: Type.String({ maxLength: 10 }) }, { additionalProperties: false });
      const after = Type.Object(
        { ...OrderCreatedV1.properties, items: Type.Array(item, { minItems: 1, maxItems: 100 }) },
        { additionalProperties: false },
      );
      const changes = findBreakingChanges(json(OrderCreatedV1), json(after));
      expect(changes.map((c) => [c.path, c.kind])).toEqual([
        ['/items/*/productId', 'constraint-narrowed'],
        ['/items/*/quantity', 'field-removed'],
        ['/items/*/price', 'field-removed'],
      ]);
      expect(changes[0].message).toBe('maxLength lowered from 64 to 10');
    });
  });

  describe('accepts', () => {
    it('a new optional field', () => {
      expect(findBreakingChanges(object({ a: Type.String() }), object({ a: Type.String(), b: Type.Optional(Type.String()) }))).toEqual([]);
    });

    it.each([
      ['minimum lowered', Type.Number({ minimum: 1 }), Type.Number({ minimum: 0 })],
      ['exclusive minimum made inclusive', Type.Number({ exclusiveMinimum: 0 }), Type.Number({ minimum: 0 })],
      ['maximum raised', Type.Number({ maximum: 10 }), Type.Number({ maximum: 100 })],
      ['maximum removed', Type.Number({ maximum: 10 }), Type.Number()],
      ['maxLength raised', Type.String({ maxLength: 100 }), Type.String({ maxLength: 254 })],
      ['pattern removed', Type.String({ pattern: '^[A-Z]+$' }), Type.String()],
      ['format removed', Type.String({ format: 'email' }), Type.String()],
      ['enum widened', Type.Unsafe({ type: 'string', enum: ['a'] }), Type.Unsafe({ type: 'string', enum: ['a', 'b'] })],
      ['literal union widened', Type.Union([Type.Literal('a')]), Type.Union([Type.Literal('a'), Type.Literal('b')])],
      ['integer widened to number', Type.Integer(), Type.Number()],
      ['maxItems raised', Type.Array(Type.String(), { maxItems: 10 }), Type.Array(Type.String(), { maxItems: 100 })],
      ['multipleOf relaxed to a divisor', Type.Number({ multipleOf: 10 }), Type.Number({ multipleOf: 5 })],
      ['description changed', Type.String({ description: 'old' }), Type.String({ description: 'new' })],
    ])('a widened or neutral change: %s', (_, before, after) => {
      expect(findBreakingChanges(object({ a: before }), object({ a: after }))).toEqual([]);
    });

    it('additionalProperties opened up', () => {
      expect(findBreakingChanges(object({ a: Type.String() }), object({ a: Type.String() }, true))).toEqual([]);
    });
  });
});
