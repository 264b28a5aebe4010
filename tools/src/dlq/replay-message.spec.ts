import { FAILURE_HEADERS, replayHeaders, replayPublishOptions, replayTargetOf } from '@ecom/rabbit/dlq';
import { RabbitHeader } from '@ecom/rabbit';
import type { Message } from 'amqplib';

const now = new Date('2025-03-04T05:06:07.000Z');

describe('replayHeaders', () => {
  const failed: Record<string, unknown> = {
    traceparent: '00-abc-def-01',
    'ecom-schema-version': '1',
    'x-death': [{ count: 1 }],
    'x-delivery-count': 3,
    [RabbitHeader.Attempt]: 4,
    ...Object.fromEntries(FAILURE_HEADERS.map((name) => [name, 'v'])),
  };

  it('drops failure and broker headers, resets the attempt, stamps the replay', () => {
    expect(replayHeaders(failed, now)).toEqual({
      traceparent: '00-abc-def-01',
      'ecom-schema-version': '1',
      [RabbitHeader.Attempt]: 1,
      [RabbitHeader.ReplayedAt]: '2025-03-04T05:06:07.000Z',
      [RabbitHeader.ReplayCount]: 1,
    });
  });

  it('counts replays on', () => {
    expect(replayHeaders({ [RabbitHeader.ReplayCount]: 2, [RabbitHeader.ReplayedAt]: 'old' }, now)).toMatchObject({
      [RabbitHeader.ReplayCount]: 3,
      [RabbitHeader.ReplayedAt]: '2025-03-04T05:06:07.000Z',
    });
    expect(replayHeaders({ [RabbitHeader.ReplayCount]: Buffer.from('5') }, now)[RabbitHeader.ReplayCount]).toBe(6);
    expect(replayHeaders(undefined, now)[RabbitHeader.ReplayCount]).toBe(1);
  });

  it('names every failure header the transport writes', () => {
    expect([...FAILURE_HEADERS].sort()).toEqual(
      [
        'ecom-attempts',
        'ecom-death-reason',
        'ecom-error-message',
        'ecom-error-name',
        'ecom-error-stack',
        'ecom-first-failure-at',
        'ecom-host',
        'ecom-last-failure-at',
        'ecom-original-exchange',
        'ecom-original-queue',
        'ecom-original-routing-key',
        'ecom-service',
        'ecom-violations',
      ].sort(),
    );
  });
});

function message(headers: Record<string, unknown>, properties: Record<string, unknown> = {}): Message {
  return {
    content: Buffer.from('{}'),
    fields: { deliveryTag: 1, redelivered: true, exchange: '', routingKey: 'q.dlq' },
    properties: { headers, ...properties },
  } as unknown as Message;
}

describe('replayTargetOf', () => {
  it('uses the original exchange and routing key, the default exchange included', () => {
    expect(replayTargetOf(message({ 'ecom-original-exchange': 'ecommerce.events', 'ecom-original-routing-key': 'order.created' }))).toEqual({
      ok: true,
      exchange: 'ecommerce.events',
      routingKey: 'order.created',
    });
    expect(replayTargetOf(message({ 'ecom-original-exchange': '', 'ecom-original-routing-key': 'some.queue' }))).toMatchObject({
      ok: true,
      exchange: '',
    });
  });

  it('refuses a message that does not say where it came from', () => {
    expect(replayTargetOf(message({ 'ecom-original-routing-key': 'order.created' }))).toEqual({
      ok: false,
      reason: 'no ecom-original-exchange header',
    });
    expect(replayTargetOf(message({ 'ecom-original-exchange': 'x' }))).toMatchObject({ ok: false });
  });
});

describe('replayPublishOptions', () => {
  it('keeps the event properties, persistent and mandatory', () => {
    const options = replayPublishOptions(
      message({}, { messageId: 'm', correlationId: 'c', type: 'order.created', appId: 'order-service', timestamp: 5, contentType: 'application/json', replyTo: 'x' }),
      now,
    );
    expect(options).toMatchObject({
      messageId: 'm',
      correlationId: 'c',
      type: 'order.created',
      appId: 'order-service',
      timestamp: 5,
      contentType: 'application/json',
      persistent: true,
      mandatory: true,
    });
    expect(options).not.toHaveProperty('replyTo');
  });
});
