import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, except that its HTTP server builds every request and response with the
 * Express app's own prototypes (`app.request`, `app.response`) from the start.
 *
 * Why: Express gives each request and response its methods by swapping their prototype with
 * `Object.setPrototypeOf` in `app.handle`, and on Node 20 (V8 11.3) objects treated so outlive the
 * young generation although nothing holds them: measured with `--trace-gc-nvp`, order-service
 * answering 100 requests/s of GET (404) promoted about 1.8 MB to the old generation at every
 * scavenge, nearly every request whole, so its old generation climbed by megabytes a second
 * between full collections. Built with the app's prototypes (Node's `IncomingMessage` and
 * `ServerResponse` server options, the remedy proposed in expressjs/express#5998) the same load
 * promoted 0.4–0.5 MB per scavenge, and in the bench at 100 orders/s order-service promoted 36 MB
 * instead of 66 MB in 32 s (README, Benchmark). Express's swap still runs and finds the prototype it
 * sets. Not all of it goes: objects built this way (`Reflect.construct` with another prototype)
 * still promote some, where a plain `class extends IncomingMessage` does not; yet Express on such
 * classes with `app.handle` replaced (no swap at all) still promoted 169 KB per scavenge against
 * 236 KB this way in the same bare server, so Express's own per-request work keeps the rest.
 *
 * `forceCloseConnections` keeps Nest's own server (its connection tracking is private to the
 * adapter): that option trades this gain for Nest's bookkeeping.
 */
export class AppPrototypeExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const classes = {
      IncomingMessage: constructingWith(IncomingMessage, app.request),
      ServerResponse: constructingWith(ServerResponse, app.response),
    };
    this.httpServer = options?.httpsOptions ? createHttpsServer({ ...options.httpsOptions, ...classes }, app) : createHttpServer(classes, app);
  }
}

/**
 * A constructor Node's server can `new` like `base` (same arguments, same initialisation) whose
 * instances have `prototype` (which itself inherits from `base.prototype`) as theirs. Typed as
 * `base` for Node's server options; it has none of `base`'s static members, which the server never
 * reads.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor, whatever its arguments
export function constructingWith<C extends new (...args: any[]) => object>(base: C, prototype: object): C {
  function WithAppPrototype(...args: ConstructorParameters<C>): object {
    return Reflect.construct(base, args, WithAppPrototype);
  }
  WithAppPrototype.prototype = prototype;
  return WithAppPrototype as unknown as C;
}
