import { Controller, Get, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { SimulatedGateway } from './simulated-gateway';

/** Read API of the simulated gateway's ledger: what money really moved, for the audit. */
@Controller('gateway')
export class GatewayController {
  constructor(private readonly gateway: SimulatedGateway) {}

  @Get('ledger')
  ledger(@Query('limit') limit?: string, @Query('offset') offset?: string) {
    const page = parseLimitOffset(limit, offset);
    return this.gateway.ledger(page.limit, page.offset);
  }
}
