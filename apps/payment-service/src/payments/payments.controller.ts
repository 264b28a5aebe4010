import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { PaymentsService } from './payments.service';

/** Read API: what was charged or declined. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  async list(@Query('orderId') orderId?: string) {
    if (orderId) {
      const payment = await this.payments.findByOrder(orderId);
      return payment ? [payment] : [];
    }
    return this.payments.list(100);
  }

  @Get(':orderId')
  async get(@Param('orderId', new ParseUUIDPipe()) orderId: string) {
    const payment = await this.payments.findByOrder(orderId);
    if (!payment) throw new NotFoundException(`no payment for order ${orderId}`);
    return payment;
  }
}
