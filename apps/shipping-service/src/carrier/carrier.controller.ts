import { Controller, Get, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { SimulatedCarrier } from './simulated-carrier';

/** Read API of the simulated carrier's ledger: what was really handed over, for the audit. */
@Controller('carrier')
export class CarrierController {
  constructor(private readonly carrier: SimulatedCarrier) {}

  @Get('ledger')
  ledger(@Query('limit') limit?: string, @Query('offset') offset?: string) {
    const page = parseLimitOffset(limit, offset);
    return this.carrier.ledger(page.limit, page.offset);
  }
}
