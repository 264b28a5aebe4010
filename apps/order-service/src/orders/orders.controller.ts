import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { validateCreateOrder } from './create-order.validation';
import { OrdersService, type CreatedOrder } from './orders.service';

/** POST /orders and the read API of orders. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<CreatedOrder> {
    const created = await this.orders.create(validateCreateOrder(body));
    res.location(`/orders/${created.orderId}`);
    return created;
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const order = await this.orders.findOne(id);
    if (!order) throw new NotFoundException(`order ${id} not found`);
    return order;
  }

  @Get()
  list(@Query('customerId') customerId?: string) {
    return this.orders.listByCustomer(customerId, 100);
  }
}
