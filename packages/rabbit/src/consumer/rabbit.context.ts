import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import { numberHeader, RabbitHeader } from '../retry/rabbit-headers';
import type { InboundMessage } from './inbound-message';

/** Where a delivery came from, for the context. */
export interface DeliveryInfo {
  queue: string;
  maxAttempts: number;
  inbound: InboundMessage;
}

/** `@Ctx()` of a handler: the AMQP message, its headers, attempt and correlation. */
export class RabbitContext extends BaseRpcContext<[ConsumeMessage, DeliveryInfo]> {
  /** The raw AMQP message. */
  get message(): ConsumeMessage {
    return this.args[0];
  }
  get headers(): Record<string, unknown> {
    return (this.args[0].properties.headers as Record<string, unknown> | undefined) ?? {};
  }
  /** The event's routing key (the original one, also after a retry). */
  get routingKey(): string {
    return this.args[1].inbound.routingKey;
  }
  get queue(): string {
    return this.args[1].queue;
  }
  /** 1-based attempt number. */
  get attempt(): number {
    return this.args[1].inbound.attempt;
  }
  get maxAttempts(): number {
    return this.args[1].maxAttempts;
  }
  /** True when a failure now sends the message to the dead-letter queue instead of a retry. */
  get isLastAttempt(): boolean {
    return this.attempt >= this.maxAttempts;
  }
  get eventId(): string {
    return this.args[1].inbound.attributes.id;
  }
  get correlationId(): string {
    return this.args[1].inbound.attributes.correlationId;
  }
  get causationId(): string | undefined {
    return this.args[1].inbound.attributes.causationId;
  }
  get traceparent(): string | undefined {
    return this.args[1].inbound.attributes.traceparent;
  }
  /** When the event happened, as its producer said (ISO string), if it said. */
  get occurredAt(): string | undefined {
    return this.args[1].inbound.attributes.occurredAt;
  }
  get redelivered(): boolean {
    return this.args[0].fields.redelivered;
  }
  /**
   * How many times the message was replayed from a dead-letter queue (`@ecom/rabbit/dlq`'s replay);
   * 0 for one that never was. Each replay starts a new cycle of attempts, `attempt` counting from 1
   * again, so (replayCount, attempt) names one try among all.
   */
  get replayCount(): number {
    return Math.max(0, numberHeader(this.headers, RabbitHeader.ReplayCount) ?? 0);
  }
}
