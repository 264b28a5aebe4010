import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { parseLimitOffset } from '@ecom/service-kit';
import { StockService } from './stock.service';

/** Read API: stock levels and the reservation (or shortage) of each order. */
@Controller()
export class StockController {
  constructor(private readonly stock: StockService) {}

  @Get('stock')
  list() {
    return this.stock.listStock();
  }

  @Get('stock/:productId')
  async get(@Param('productId') productId: string) {
    const product = await this.stock.findStock(productId);
    if (!product) throw new NotFoundException(`unknown product ${productId}`);
    return product;
  }

  @Get('reservations')
  reservations(@Query('orderId') orderId?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    const page = parseLimitOffset(limit, offset);
    return this.stock.reservationsFor(orderId, page.limit, page.offset);
  }
}
