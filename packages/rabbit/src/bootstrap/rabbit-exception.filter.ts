import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error to the transport unchanged. Nest's default RPC filter replaces any
 * error that is not an RpcException with "Internal server error", which would lose the name,
 * message and stack the dead-letter headers record, and the non-retryable mark.
 */
@Catch()
export class RabbitExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
