import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { validateCancelRequest } from './cancel-order.validation';
import { validateCreateOrder } from './create-order.validation';
import { parsePage } from './page.validation';
import { OrdersService, type CreatedOrder } from './orders.service';

/** POST /orders, POST /orders/:id/cancel and the read API of orders. */
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

  /**
   * 202: the order is cancelled, or cancelling while shipping answers (a carrier call under way
   * may still win, and then the order ships). 409 once shipped or declined. Asked again, the same.
   */
  @Post(':id/cancel')
  @HttpCode(202)
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const reason = validateCancelRequest(isEmpty(body) ? undefined : body);
    const outcome = await this.orders.cancel(id, reason);
    if (!outcome) throw new NotFoundException(`order ${id} not found`);
    if (outcome.refused) {
      throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `order ${id} cannot be cancelled: ${outcome.refused}`, status: outcome.to });
    }
    return { orderId: id, status: outcome.to, reason: outcome.reason };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const order = await this.orders.findOne(id);
    if (!order) throw new NotFoundException(`order ${id} not found`);
    return order;
  }

  /** `?customerId=&status=&limit=&offset=`: a page, oldest first. */
  @Get()
  list(@Query() query: Record<string, unknown>) {
    const page = parsePage(query, ['customerId', 'status']);
    return this.orders.list({ customerId: page.filters['customerId'], status: page.filters['status'], limit: page.limit, offset: page.offset });
  }
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0);
}
