import { BadRequestException, Body, ConflictException, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CurrentPrincipal, CustomerAccess, isAdmin, type Principal } from '@ecom/service-kit';
import type { FastifyReply } from 'fastify';
import { validateCancelRequest } from './cancel-order.validation';
import { validateCreateOrder } from './create-order.validation';
import { ORDER_STATUSES } from './order-process';
import { parsePage } from './page.validation';
import { OrdersService, type CreatedOrder } from './orders.service';

/**
 * POST /orders, POST /orders/:id/cancel and the read API of orders. A customer (token subject =
 * customer id) places, reads and cancels only its own orders; `admin` does anything. Another
 * customer's order answers 404, exactly as an unknown id does, so a probe learns nothing of which
 * ids exist (a 403 would confirm them).
 */
@CustomerAccess()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() caller: Principal): Promise<CreatedOrder> {
    const order = validateCreateOrder(body);
    if (!isAdmin(caller) && order.customerId !== caller.subject) {
      throw new ForbiddenException(`a customer may place orders only for itself (customerId must be ${caller.subject})`);
    }
    const created = await this.orders.create(order);
    void reply.header('Location', `/orders/${created.orderId}`);
    return created;
  }

  /**
   * 202: the order is cancelled, or cancelling while shipping answers (a carrier call under way
   * may still win, and then the order ships). 409 once shipped or declined. Asked again, the same.
   */
  @Post(':id/cancel')
  @HttpCode(202)
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @CurrentPrincipal() caller: Principal) {
    const reason = validateCancelRequest(isEmpty(body) ? undefined : body);
    const outcome = await this.orders.cancel(id, reason, ownerOf(caller));
    if (!outcome) throw new NotFoundException(`order ${id} not found`);
    if (outcome.refused) {
      throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `order ${id} cannot be cancelled: ${outcome.refused}`, status: outcome.to });
    }
    return { orderId: id, status: outcome.to, reason: outcome.reason };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() caller: Principal) {
    const order = await this.orders.findOne(id);
    const owner = ownerOf(caller);
    if (!order || (owner !== undefined && order.customerId !== owner)) throw new NotFoundException(`order ${id} not found`);
    return order;
  }

  /** `?customerId=&status=&limit=&offset=`: a page, oldest first. */
  @Get()
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() caller: Principal) {
    const page = parsePage(query, ['customerId', 'status']);
    const status = page.filters['status'];
    // An unknown status can match nothing: say so, rather than answer an empty page to a probe.
    if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'query is invalid', errors: [{ field: 'status', message: `must be one of ${ORDER_STATUSES.join(', ')}` }] });
    }
    const owner = ownerOf(caller);
    // A customer's list is its own; asking for another customer's is refused, not silently narrowed.
    if (owner !== undefined && page.filters['customerId'] !== undefined && page.filters['customerId'] !== owner) {
      throw new ForbiddenException(`a customer may list only its own orders (customerId must be ${owner})`);
    }
    return this.orders.list({ customerId: owner ?? page.filters['customerId'], status: page.filters['status'], limit: page.limit, offset: page.offset });
  }
}

/** The customer whose orders the caller may touch; undefined for an admin (every order). */
function ownerOf(caller: Principal): string | undefined {
  return isAdmin(caller) ? undefined : caller.subject;
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0);
}
