import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { FlowTap } from './flow-tap';

/** The console's own health: live when it answers, ready once its tap consumes every event. */
@Controller('health')
export class HealthController {
  constructor(private readonly tap: FlowTap) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    if (!this.tap.active) throw new ServiceUnavailableException('the tap on ecommerce.events is not consuming (broker away?)');
    return { status: 'ok', tap: 'consuming' };
  }
}
