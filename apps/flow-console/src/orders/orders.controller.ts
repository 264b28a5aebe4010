import { BadRequestException, Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { OrderTimelineService } from './order-timeline.service';

/** Order ids are UUIDs; correlation ids are what a client sent (1–128 characters, no spaces). */
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** GET /api/orders/:id, by order id or correlation id. */
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly timelines: OrderTimelineService) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    if (!ID.test(id)) throw new BadRequestException(`'${id.slice(0, 140)}' is not an order id or a correlation id`);
    const timeline = await this.timelines.find(id);
    if (!timeline) throw new NotFoundException(`order or correlation id ${id} not found`);
    return timeline;
  }
}
