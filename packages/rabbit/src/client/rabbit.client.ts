import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';

/**
 * Nest's client API over the validating, confirming publisher: `emit(routingKey, data)` publishes
 * the event and completes after the broker's confirm. Events only: request-response over a
 * broker is not what this system does, and `send` fails saying so.
 */
export class RabbitClient extends ClientProxy {
  constructor(private readonly publisher: RabbitPublisher<unknown>) {
    super();
  }

  async connect(): Promise<void> {
    // The module's connection is already managed; nothing to open per client.
  }

  close(): void {
    // The module closes the shared connection at shutdown.
  }

  unwrap<T>(): T {
    return this.publisher as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('RabbitClient supports emit() only; request-response is not offered'), isDisposed: true });
    return () => undefined;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    return (await this.publisher.publish(String(packet.pattern), packet.data)) as T;
  }
}
