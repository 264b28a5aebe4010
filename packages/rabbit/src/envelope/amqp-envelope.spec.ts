import { AmqpHeader, fromAmqpProperties, toAmqpProperties, type EnvelopeMetadata } from './amqp-envelope';

const envelope: EnvelopeMetadata = {
  id: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
  type: 'order.created',
  schemaVersion: 1,
  occurredAt: '2025-01-31T12:00:00.123Z',
  correlationId: 'order-42',
  causationId: 'cmd-1',
  producer: 'order-service',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('toAmqpProperties', () => {
  it('maps each attribute onto its property or header', () => {
    expect(toAmqpProperties(envelope)).toEqual({
      messageId: envelope.id,
      type: 'order.created',
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      correlationId: 'order-42',
      appId: 'order-service',
      contentType: 'application/json',
      headers: {
        [AmqpHeader.SchemaVersion]: 1,
        [AmqpHeader.OccurredAt]: '2025-01-31T12:00:00.123Z',
        [AmqpHeader.CausationId]: 'cmd-1',
        [AmqpHeader.Traceparent]: envelope.traceparent,
      },
    });
  });

  it('leaves optional headers out instead of sending them empty', () => {
    const { causationId: _c, traceparent: _t, ...first } = envelope;
    expect(Object.keys(toAmqpProperties(first).headers ?? {}).sort()).toEqual([AmqpHeader.OccurredAt, AmqpHeader.SchemaVersion].sort());
  });

  it('normalises the occurred-at header to UTC with milliseconds', () => {
    const props = toAmqpProperties({ ...envelope, occurredAt: '2025-01-31T13:00:00+01:00' });
    expect(props.headers?.[AmqpHeader.OccurredAt]).toBe('2025-01-31T12:00:00.000Z');
    expect(props.timestamp).toBe(Date.UTC(2025, 0, 31, 12) / 1000);
  });
});

describe('fromAmqpProperties', () => {
  it('round-trips every attribute', () => {
    expect(fromAmqpProperties('order.created', toAmqpProperties(envelope))).toEqual(envelope);
  });

  it('reads a foreign plain-JSON message: type from the routing key, the rest undefined', () => {
    expect(fromAmqpProperties('order.created', {})).toEqual({
      id: undefined,
      type: 'order.created',
      schemaVersion: undefined,
      occurredAt: undefined,
      correlationId: undefined,
      causationId: undefined,
      producer: undefined,
      traceparent: undefined,
    });
  });

  it('treats blank values as missing', () => {
    const attributes = fromAmqpProperties('order.created', {
      messageId: '',
      type: '  ',
      correlationId: '',
      appId: ' ',
      headers: { [AmqpHeader.CausationId]: '', [AmqpHeader.SchemaVersion]: '' },
    });
    expect(attributes).toMatchObject({ id: undefined, type: 'order.created', correlationId: undefined, producer: undefined });
    expect(attributes.causationId).toBeUndefined();
    expect(attributes.schemaVersion).toBeUndefined();
  });

  it.each([
    [2, 2],
    ['3', 3],
    [' 4 ', 4],
    [Buffer.from('5'), 5],
    [0, undefined],
    [1.5, undefined],
    ['1.5', undefined],
    ['two', undefined],
    [null, undefined],
  ])('parses schema version %p as %p', (header, expected) => {
    expect(fromAmqpProperties('order.created', { headers: { [AmqpHeader.SchemaVersion]: header } }).schemaVersion).toBe(expected);
  });

  it('falls back to the whole-second timestamp property when the header is missing', () => {
    expect(fromAmqpProperties('order.created', { timestamp: 1738324800 }).occurredAt).toBe('2025-01-31T12:00:00.000Z');
  });

  it('decodes header values that arrive as Buffers', () => {
    const attributes = fromAmqpProperties('order.created', { headers: { [AmqpHeader.CausationId]: Buffer.from('cmd-9') } });
    expect(attributes.causationId).toBe('cmd-9');
  });
});
