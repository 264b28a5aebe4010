import { Controller, Get } from '@nestjs/common';
import { ServiceHealthPoller } from './service-health';

/** The latest health and queue depths, for a page's first paint (updates come over SSE). */
@Controller('api/services')
export class ServicesController {
  constructor(private readonly poller: ServiceHealthPoller) {}

  @Get()
  async get() {
    return this.poller.snapshots.value ?? (await this.poller.poll());
  }
}
