import type { INestApplication, INestMicroservice } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { RabbitTransport } from '../consumer/rabbit.transport';
import { RabbitExceptionFilter } from './rabbit-exception.filter';

export interface ConnectRabbitTransportOptions {
  /** Adds global pipes, interceptors or filters for the handlers (they run before the listeners bind). */
  configure?: (microservice: INestMicroservice) => void;
}

/**
 * Connects the transport to a hybrid app (HTTP beside messaging). Global enhancers must be in
 * place before Nest binds the handlers, so the listeners are registered here, after them, the
 * way `connectMicroservice` itself does it.
 */
export function connectRabbitTransport(
  app: INestApplication,
  options: ConnectRabbitTransportOptions = {},
): INestMicroservice {
  const microservice = app.connectMicroservice(
    { strategy: app.get(RabbitTransport) },
    { deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new RabbitExceptionFilter());
  options.configure?.(microservice);
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}
