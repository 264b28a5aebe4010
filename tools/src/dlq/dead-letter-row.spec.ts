import type { Message } from 'amqplib';
import { orderIdOf, reasonOf, toDeadLetterRow } from '@ecom/rabbit/dlq';
import { renderDeadLetterDetail, renderDeadLetterTable, toDeadLetterDetail } from './dead-letter-row';

function message(headers: Record<string, unknown>, body: string, properties: Record<string, unknown> = {}): Message {
  return {
    content: Buffer.from(body),
    fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'payment.service.order.created.dlq' },
    properties: {
      messageId: 'evt-1',
      correlationId: 'corr-1',
      contentType: 'application/json',
      headers,
      ...properties,
    },
  } as unknown as Message;
}

const failureHeaders = {
  'ecom-death-reason': 'invalid-schema',
  'ecom-error-message': 'amount must be >= 0',
  'ecom-error-stack': 'Error: amount\n    at a (x.ts:1:1)',
  'ecom-original-routing-key': 'order.created',
  'ecom-original-queue': 'payment.service.order.created',
  'ecom-attempts': 3,
  'ecom-last-failure-at': '2025-01-01T10:00:00.000Z',
};

describe('toDeadLetterRow', () => {
  it('reads ids, origin, attempts and failure from properties, headers and body', () => {
    expect(toDeadLetterRow(message(failureHeaders, '{"orderId":"o-1"}'), 1)).toMatchObject({
      position: 1,
      messageId: 'evt-1',
      orderId: 'o-1',
      correlationId: 'corr-1',
      routingKey: 'order.created',
      originalQueue: 'payment.service.order.created',
      attempts: 3,
      deathReason: 'invalid-schema',
      errorMessage: 'amount must be >= 0',
      lastFailureAt: '2025-01-01T10:00:00.000Z',
    });
  });

  it('accepts Buffer and string header values', () => {
    const row = toDeadLetterRow(
      message({ 'ecom-original-routing-key': Buffer.from('order.created'), 'ecom-attempts': '2' }, 'x'),
      1,
    );
    expect(row).toMatchObject({ routingKey: 'order.created', attempts: 2, orderId: undefined });
  });
});

describe('orderIdOf', () => {
  it('finds orderId at the top or in a data / payload envelope', () => {
    expect(orderIdOf({ orderId: 'a' })).toBe('a');
    expect(orderIdOf({ data: { orderId: 'b' } })).toBe('b');
    expect(orderIdOf({ payload: { orderId: 7 } })).toBe('7');
    expect(orderIdOf({ other: 1 })).toBeUndefined();
    expect(orderIdOf(undefined)).toBeUndefined();
    expect(orderIdOf('orderId')).toBeUndefined();
  });
});

describe('reasonOf', () => {
  it('joins the death reason and the error message', () => {
    expect(reasonOf({ deathReason: 'no-handler', errorMessage: 'none' })).toBe('no-handler: none');
    expect(reasonOf({ deathReason: 'no-handler' })).toBe('no-handler');
    expect(reasonOf({})).toBe('');
  });
});

describe('renderDeadLetterTable', () => {
  it('prints a header, a rule and one row per message, dashes for unknowns, the reason cut', () => {
    const rows = [
      toDeadLetterRow(message({ ...failureHeaders, 'ecom-error-message': 'x'.repeat(100) }, '{"orderId":"o-1"}'), 1),
      toDeadLetterRow(message({}, 'nope', { messageId: undefined, correlationId: undefined }), 2),
    ];
    const lines = renderDeadLetterTable(rows, 30).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].startsWith('#  MESSAGE ID  ORDER ID  CORRELATION ID  ROUTING KEY')).toBe(true);
    expect(lines[1]).toMatch(/^-+ {2}-+/);
    expect(lines[2]).toContain('invalid-schema: xxxxxxxxxxxxx');
    expect(lines[2]).toContain('…');
    expect(lines[3]).toMatch(/^2\s+-\s+-\s+-\s+-\s+-\s+-\s+-$/);
  });
});

describe('show rendering', () => {
  it('prints properties, every header (stack lines indented) and the pretty body', () => {
    const detail = toDeadLetterDetail('q.dlq', message(failureHeaders, '{"orderId":"o-1","items":[1]}', { timestamp: 1_735_725_600 }), 3);
    const text = renderDeadLetterDetail(detail);
    expect(text).toContain('Message evt-1 in q.dlq (position 3)');
    expect(text).toContain('timestamp: 1735725600 (2025-01-01T10:00:00.000Z)');
    expect(text).toContain('ecom-error-stack: Error: amount\n          at a (x.ts:1:1)');
    expect(text).toContain('ecom-attempts: 3');
    expect(text).toContain('Body (JSON):\n{\n  "orderId": "o-1",\n  "items": [\n    1\n  ]\n}');
  });

  it('shows a body that is not JSON as text', () => {
    const detail = toDeadLetterDetail('q.dlq', message({}, 'plain <text>'), 1);
    expect(detail).toMatchObject({ bodyIsJson: false, body: 'plain <text>' });
    expect(renderDeadLetterDetail(detail)).toContain('Body (not JSON):\nplain <text>');
  });
});
