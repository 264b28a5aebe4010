import { QueueNotFoundError } from '@ecom/rabbit/dlq';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { BrokerUnavailableError } from '../broker/broker-connection';

/** A queue that does not exist is a 404; the broker being away is a 503; nothing else is ours. */
@Catch(QueueNotFoundError, BrokerUnavailableError)
export class BrokerErrorsFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = error instanceof QueueNotFoundError ? 404 : 503;
    if (status === 503) response.setHeader('Retry-After', '5');
    response.status(status).json({ statusCode: status, message: error.message });
  }
}

