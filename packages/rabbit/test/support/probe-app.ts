import type { EventData } from '@ecom/contracts';
import {
  Controller,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { Observable } from 'rxjs';
import {
  connectRabbitTransport,
  currentMessageContext,
  RabbitContext,
  RabbitModule,
  RabbitPublisher,
  type RabbitModuleOptions,
} from '../../src';
import { ecomContracts } from '@ecom/contracts/validation';
import { Registry } from 'prom-client';
import { AMQP_URL } from './broker';

export interface Call {
  routingKey: string;
  data: unknown;
  attempt: number;
  replayCount: number;
  eventId: string;
  correlationId: string;
  contextCorrelationId?: string;
}

/** Records what the handlers saw; `behaviour` decides how a handler responds. */
@Injectable()
export class Probe {
  readonly calls: Call[] = [];
  readonly intercepted: string[] = [];
  behaviour: (data: unknown, ctx: RabbitContext) => unknown = () => undefined;

  async handle(data: unknown, ctx: RabbitContext): Promise<unknown> {
    this.calls.push({
      routingKey: ctx.routingKey,
      data,
      attempt: ctx.attempt,
      replayCount: ctx.replayCount,
      eventId: ctx.eventId,
      correlationId: ctx.correlationId,
      contextCorrelationId: currentMessageContext()?.correlationId,
    });
    return this.behaviour(data, ctx);
  }
}

@Injectable()
class SeenInterceptor implements NestInterceptor {
  constructor(private readonly probe: Probe) {}
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.switchToRpc().getContext<RabbitContext>();
    this.probe.intercepted.push(`${context.getType()}:${ctx.routingKey}`);
    return next.handle();
  }
}

@Controller()
@UseInterceptors(SeenInterceptor)
class ProbeController {
  constructor(private readonly probe: Probe) {}

  @EventPattern('order.created')
  onOrderCreated(@Payload() data: EventData<'order.created'>, @Ctx() ctx: RabbitContext) {
    return this.probe.handle(data, ctx);
  }

  @EventPattern('payment.processed.*')
  onPayment(@Payload() data: EventData<'payment.processed.successful'>, @Ctx() ctx: RabbitContext) {
    return this.probe.handle(data, ctx);
  }
}

export interface ProbeApp {
  app: INestApplication;
  probe: Probe;
  publisher: RabbitPublisher;
  close: () => Promise<void>;
}

/** A hybrid Nest app (HTTP beside the transport) with probe handlers, as a service would run. */
export async function startProbeApp(
  options: Omit<RabbitModuleOptions, 'service' | 'url'> & { service?: string; url?: string },
): Promise<ProbeApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      RabbitModule.forRoot({
        service: 'probe-service',
        url: AMQP_URL,
        initialReconnectDelayMs: 50,
        maxReconnectDelayMs: 500,
        metricsRegistry: new Registry(),
        // The flow's own contracts stand in for any team's here; the pack spec uses a team's own.
        contracts: ecomContracts,
        ...options,
      }),
    ],
    controllers: [ProbeController],
    providers: [Probe, SeenInterceptor],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.enableShutdownHooks();
  connectRabbitTransport(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return { app, probe: app.get(Probe), publisher: app.get(RabbitPublisher), close: () => app.close() };
}
