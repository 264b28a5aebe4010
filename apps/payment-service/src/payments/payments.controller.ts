import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { PaymentsService } from './payments.service';

/** Read API: what was charged or declined. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  async list(@Query('orderId') orderId?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    if (orderId) {
      const payment = await this.payments.findByOrder(orderId);
      return payment ? [payment] : [];
    }
    const page = parseLimitOffset(limit, offset);
    return this.payments.list(page.limit, page.offset);
  }

  @Get(':orderId')
  async get(@Param('orderId', new ParseUUIDPipe()) orderId: string) {
    const payment = await this.payments.findByOrder(orderId);
    if (!payment) throw new NotFoundException(`no payment for order ${orderId}`);
    return payment;
  }
}
