import { dirname, join } from 'node:path';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage, type Message, type Options } from 'amqplib';
import { AMQP_URL, uniqueName } from '../../test/support/broker';
import { waitFor } from '../testing';
import { publishConfirmed, publishFields } from './confirm-publish';

/** amqplib's own options-to-fields step, reached by path: its package exports do not include it. */
const amqplibArgs = require(join(dirname(require.resolve('amqplib')), 'lib', 'api_args.js')) as {
  publish(exchange: string, routingKey: string, options?: Options.Publish): Record<string, unknown>;
};

/** Every enumerable key of a headers table, through its prototype chain: what amqplib encodes. */
function tableOf(headers: unknown): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const key in headers as object) table[key] = (headers as Record<string, unknown>)[key];
  return table;
}

const OPTION_SETS: [string, Options.Publish][] = [
  ['no options', {}],
  [
    'every property',
    {
      persistent: true,
      mandatory: true,
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      headers: { 'ecom-schema-version': 1, 'ecom-occurred-at': '2026-12-07T23:00:00.000Z', nested: { flag: true }, raw: Buffer.from('x') },
      priority: 3,
      correlationId: 'c-1',
      replyTo: 'reply.queue',
      expiration: 1500,
      messageId: 'm-1',
      timestamp: 1_765_148_400,
      type: 'order.created',
      userId: 'guest',
      appId: 'order-service',
    },
  ],
  ['not persistent, expiration as text', { persistent: false, expiration: '250', headers: {} }],
  ['a numeric delivery mode', { deliveryMode: 2 }],
  ['a truthy delivery mode', { deliveryMode: true }],
  ['persistent over delivery mode', { persistent: false, deliveryMode: 2 }],
];

describe('publishFields (against the installed amqplib)', () => {
  it.each(OPTION_SETS)('builds what amqplib builds from %s, headers passed as they are', (_name, options) => {
    const theirs = amqplibArgs.publish('ecommerce.events', 'order.created', options);
    const ours = publishFields('ecommerce.events', 'order.created', options);
    const { headers: theirHeaders, ...theirFields } = theirs;
    const { headers: ourHeaders, ...ourFields } = ours;
    expect(ourFields).toStrictEqual(theirFields);
    expect(tableOf(ourHeaders)).toStrictEqual(tableOf(theirHeaders));
    // The point of it: the caller's headers object itself, not a new object whose prototype it is.
    if (options.headers) expect(ourHeaders).toBe(options.headers);
  });
});

describe('publishConfirmed without the internals it uses', () => {
  function fakeChannel(withInternals: boolean) {
    const publish = jest.fn((_e: string, _r: string, _c: Buffer, _o: Options.Publish, callback: (error: unknown) => void) => {
      callback(null);
      return true;
    });
    const sendMessage = jest.fn(() => true);
    const channel = withInternals ? { publish, sendMessage, pushConfirmCallback: jest.fn() } : { publish };
    return { channel: channel as unknown as ConfirmChannel, publish, sendMessage };
  }

  it('goes through channel.publish when the channel lacks them (another amqplib version)', () => {
    const { channel, publish } = fakeChannel(false);
    const onConfirm = jest.fn();
    expect(publishConfirmed(channel, 'x', 'k', Buffer.from('{}'), { persistent: true }, onConfirm)).toBe(true);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(onConfirm).toHaveBeenCalledWith(undefined);
  });

  it('goes through channel.publish for CC and BCC, which amqplib folds into the headers', () => {
    const { channel, publish, sendMessage } = fakeChannel(true);
    publishConfirmed(channel, 'x', 'k', Buffer.from('{}'), { CC: 'other.key' }, jest.fn());
    publishConfirmed(channel, 'x', 'k', Buffer.from('{}'), { BCC: ['a', 'b'] }, jest.fn());
    expect(publish).toHaveBeenCalledTimes(2);
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe('publishConfirmed on the broker', () => {
  const queue = uniqueName('confirm-publish');
  let model: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    model = await connect(AMQP_URL);
    channel = await model.createConfirmChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
  });
  afterAll(async () => {
    await channel.deleteQueue(queue).catch(() => undefined);
    await model.close();
  });

  async function next(): Promise<GetMessage> {
    return (await waitFor(() => channel.get(queue, { noAck: true }), { what: `a message on ${queue}` })) as GetMessage;
  }

  it('delivers the message channel.publish would, and runs the callback on the confirm', async () => {
    const options = OPTION_SETS[1][1];
    const viaPublish = jest.spyOn(channel, 'publish');
    const confirms: (Error | undefined)[] = [];
    publishConfirmed(channel, '', queue, Buffer.from('{"n":1}'), options, (error) => confirms.push(error));
    // This path is taken with the installed amqplib: an upgrade that moves its internals fails here.
    expect(viaPublish).not.toHaveBeenCalled();
    viaPublish.mockRestore();
    await waitFor(() => confirms.length === 1, { what: 'the confirm' });
    expect(confirms).toEqual([undefined]);
    const ours = await next();

    await new Promise<void>((resolve, reject) =>
      channel.publish('', queue, Buffer.from('{"n":1}'), options, (error: unknown) => (error ? reject(error) : resolve())),
    );
    const theirs = await next();

    expect(ours.content.toString()).toBe('{"n":1}');
    expect(ours.properties).toStrictEqual(theirs.properties);
    expect(ours.properties.headers).toMatchObject({ 'ecom-schema-version': 1, nested: { flag: true } });
    expect(ours.properties.deliveryMode).toBe(2);
  });

  it('keeps mandatory: an unroutable message comes back as a return', async () => {
    const returned: Message[] = [];
    const onReturn = (message: Message) => returned.push(message);
    channel.on('return', onReturn);
    try {
      const confirmed: (Error | undefined)[] = [];
      publishConfirmed(channel, '', uniqueName('nowhere'), Buffer.from('{}'), { mandatory: true, messageId: 'lost-1', headers: { a: 1 } }, (error) =>
        confirmed.push(error),
      );
      await waitFor(() => returned.length === 1 && confirmed.length === 1, { what: 'the return and the confirm' });
      expect(returned[0].properties.messageId).toBe('lost-1');
      expect(returned[0].properties.headers).toMatchObject({ a: 1 });
    } finally {
      channel.off('return', onReturn);
    }
  });
});
