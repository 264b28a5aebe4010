import { Inject, Injectable } from '@nestjs/common';
import { FLOW_CONSOLE_CONFIG, serviceUrls, type FlowConsoleConfig, type ServiceName } from '../flow-console.config';

/** One read from a service: its JSON, "not there" (404), or why it could not be read. */
export type ReadResult<T = unknown> = { ok: true; body: T } | { ok: false; status?: number; error: string };

/** GETs on the services' read APIs (never a write, never their databases), each with a timeout. */
@Injectable()
export class ServiceReader {
  private readonly urls: Record<ServiceName, string>;

  constructor(@Inject(FLOW_CONSOLE_CONFIG) config: FlowConsoleConfig) {
    this.urls = serviceUrls(config);
  }

  url(service: ServiceName): string {
    return this.urls[service];
  }

  async get<T = unknown>(service: ServiceName, path: string): Promise<ReadResult<T>> {
    try {
      const response = await fetch(`${this.urls[service]}${path}`, { signal: AbortSignal.timeout(3000) });
      if (!response.ok) return { ok: false, status: response.status, error: `${service} answered ${response.status}` };
      return { ok: true, body: (await response.json()) as T };
    } catch (error) {
      return { ok: false, error: `${service} did not answer: ${(error as Error).message}` };
    }
  }
}
