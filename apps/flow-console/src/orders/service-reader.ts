import { Inject, Injectable } from '@nestjs/common';
import { FLOW_CONSOLE_CONFIG, serviceUrls, type FlowConsoleConfig, type ServiceName } from '../flow-console.config';

/** One read from a service: its JSON, "not there" (404), or why it could not be read. */
export type ReadResult<T = unknown> = { ok: true; body: T } | { ok: false; status?: number; error: string };

/** GETs on the services' read APIs (never a write, never their databases), each with a timeout. */
@Injectable()
export class ServiceReader {
  private readonly urls: Record<ServiceName, string>;
  /** What every call to a service carries: the console's admin token, when it has one. */
  readonly headers: Record<string, string>;

  constructor(@Inject(FLOW_CONSOLE_CONFIG) config: FlowConsoleConfig) {
    this.urls = serviceUrls(config);
    this.headers = config.CONSOLE_SERVICE_TOKEN ? { authorization: `Bearer ${config.CONSOLE_SERVICE_TOKEN}` } : {};
  }

  url(service: ServiceName): string {
    return this.urls[service];
  }

  async get<T = unknown>(service: ServiceName, path: string): Promise<ReadResult<T>> {
    try {
      const response = await fetch(`${this.urls[service]}${path}`, { headers: this.headers, signal: AbortSignal.timeout(3000) });
      if (!response.ok) return { ok: false, status: response.status, error: `${service} answered ${response.status}` };
      return { ok: true, body: (await response.json()) as T };
    } catch (error) {
      return { ok: false, error: `${service} did not answer: ${(error as Error).message}` };
    }
  }
}
