import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AmqpConnection } from '../connection/amqp-connection';
import { RabbitPublisher } from '../publisher/rabbit.publisher';

/** Terminus indicator: up while the broker connection and the publisher's channel are open. */
@Injectable()
export class RabbitHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly connection: AmqpConnection,
    private readonly publisher: RabbitPublisher,
  ) {}

  check(key = 'rabbitmq') {
    const indicator = this.health.check(key);
    if (this.connection.connected && this.publisher.ready) {
      return indicator.up({ pendingPublishes: this.publisher.pendingCount });
    }
    return indicator.down({ message: 'no broker connection; reconnecting' });
  }
}
