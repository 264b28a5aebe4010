import type { Channel, ChannelModel } from 'amqplib';
import { TopologyMismatchError } from '../errors/rabbit.errors';
import type { ExchangeDeclaration, QueueSpec } from './queue-declaration';

/** The broker's words for a redeclaration with other arguments (406 PRECONDITION_FAILED). */
const INEQUIVALENT =
  /inequivalent arg '([^']+)' for (queue|exchange) '([^']+)' in vhost '[^']*': received (.+?) but current is (.+?)"?$/;

/** Turns a PRECONDITION_FAILED into an error naming the entity and the argument; else undefined. */
export function toTopologyMismatch(error: unknown): TopologyMismatchError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = INEQUIVALENT.exec(message);
  if (!match) return undefined;
  const [, argument, kind, entity, declared, existing] = match;
  return new TopologyMismatchError(kind as 'queue' | 'exchange', entity, argument, declared, existing, message);
}

/**
 * Declares exchanges, queues and bindings. Each declaration gets a fresh channel when the last
 * one failed, because a 406 closes the channel it happened on.
 */
export async function declareTopology(
  connection: ChannelModel,
  exchanges: readonly ExchangeDeclaration[],
  queues: readonly QueueSpec[],
): Promise<void> {
  const channel: Channel = await connection.createChannel();
  channel.on('error', () => undefined); // the rejected operation below carries the error
  try {
    for (const exchange of exchanges) {
      await channel.assertExchange(exchange.name, exchange.type, { durable: true }).catch((error: unknown) => {
        throw toTopologyMismatch(error) ?? error;
      });
    }
    for (const queue of queues) {
      await channel
        .assertQueue(queue.name, { durable: true, arguments: queue.arguments })
        .catch((error: unknown) => {
          throw toTopologyMismatch(error) ?? error;
        });
      for (const binding of queue.bindings) {
        await channel.bindQueue(queue.name, binding.exchange, binding.routingKey);
      }
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}
