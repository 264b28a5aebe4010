import { Controller, Get, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { NotificationsService } from './notifications.service';

/** Read API: the notifications of an order. */
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query('orderId') orderId?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    const page = parseLimitOffset(limit, offset);
    return this.notifications.list(orderId, page.limit, page.offset);
  }
}
