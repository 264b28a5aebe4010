import { Topology } from '@ecom/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { BrokerConnection } from '../broker/broker-connection';
import { FLOW_CONSOLE_CONFIG, SERVICE_NAMES, serviceUrls, type FlowConsoleConfig, type ServiceName } from '../flow-console.config';

export interface QueueDepth {
  queue: string;
  /** Ready messages; undefined when the queue does not exist (yet). */
  messages?: number;
  consumers?: number;
  kind: 'work' | 'retry' | 'dead-letter';
}

export interface ServiceHealth {
  service: ServiceName;
  url: string;
  /** `/health/ready`: 200 is ready; anything else (or no answer) is not, with what it said. */
  ready: boolean;
  detail: string;
  queues: QueueDepth[];
}

export interface HealthSnapshot {
  at: string;
  broker: boolean;
  services: ServiceHealth[];
}

/** Every queue of the topology, by consuming service, with what it is for. */
export function queuesByService(): Record<ServiceName, { queue: string; kind: QueueDepth['kind'] }[]> {
  const out = Object.fromEntries(SERVICE_NAMES.map((service) => [service, [] as { queue: string; kind: QueueDepth['kind'] }[]])) as Record<
    ServiceName,
    { queue: string; kind: QueueDepth['kind'] }[]
  >;
  for (const queue of Topology.queues) {
    const list = out[queue.consumer as ServiceName];
    list.push({ queue: queue.name, kind: 'work' });
    if (queue.retryQueue) list.push({ queue: queue.retryQueue, kind: 'retry' });
    list.push({ queue: queue.deadLetterQueue, kind: 'dead-letter' });
  }
  return out;
}

/**
 * Polls each service's `/health/ready` and the depth of its queues (a passive declare each, on
 * one channel per round) every CONSOLE_POLL_MS, and keeps the latest snapshot for the page.
 */
@Injectable()
export class ServiceHealthPoller implements OnModuleInit, OnApplicationShutdown {
  readonly snapshots = new BehaviorSubject<HealthSnapshot | undefined>(undefined);
  private readonly logger = new Logger('ServiceHealth');
  private timer?: NodeJS.Timeout;
  private readonly urls: Record<ServiceName, string>;

  constructor(
    @Inject(FLOW_CONSOLE_CONFIG) private readonly config: FlowConsoleConfig,
    private readonly broker: BrokerConnection,
  ) {
    this.urls = serviceUrls(config);
  }

  onModuleInit(): void {
    const tick = async () => {
      try {
        this.snapshots.next(await this.poll());
      } catch (error) {
        this.logger.warn(`health poll failed: ${(error as Error).message}`);
      }
      // Each poll schedules the next (never two at once); tick catches everything itself.
      this.timer = setTimeout(() => void tick(), this.config.CONSOLE_POLL_MS);
      this.timer.unref();
    };
    // Detached: the first poll runs beside start-up, then each schedules the next.
    void tick();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  async poll(): Promise<HealthSnapshot> {
    const queues = queuesByService();
    const depths = await this.queueDepths(Object.values(queues).flat());
    const services = await Promise.all(
      SERVICE_NAMES.map(async (service) => ({
        service,
        url: this.urls[service],
        ...(await this.ready(service)),
        queues: queues[service].map(({ queue, kind }) => ({ queue, kind, ...depths.get(queue) })),
      })),
    );
    return { at: new Date().toISOString(), broker: this.broker.connected, services };
  }

  private async ready(service: ServiceName): Promise<{ ready: boolean; detail: string }> {
    try {
      const response = await fetch(`${this.urls[service]}/health/ready`, { signal: AbortSignal.timeout(1500) });
      const body = await response.text();
      return { ready: response.status === 200, detail: response.status === 200 ? 'ready' : `${response.status} ${body.slice(0, 200)}` };
    } catch (error) {
      return { ready: false, detail: `no answer: ${(error as Error).message}` };
    }
  }

  /** Depths by queue; a queue that does not exist yet is left out (the 404 closes only its own channel). */
  private async queueDepths(queues: { queue: string }[]): Promise<Map<string, { messages: number; consumers: number }>> {
    const depths = new Map<string, { messages: number; consumers: number }>();
    if (!this.broker.connected) return depths;
    let channel = await this.broker.channel();
    try {
      for (const { queue } of queues) {
        try {
          const { messageCount, consumerCount } = await channel.checkQueue(queue);
          depths.set(queue, { messages: messageCount, consumers: consumerCount });
        } catch {
          channel = await this.broker.channel();
        }
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
    return depths;
  }
}
