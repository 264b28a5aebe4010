import { Controller, Get, Query } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** Read API: the notifications of an order. */
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query('orderId') orderId?: string) {
    return this.notifications.list(orderId);
  }
}
