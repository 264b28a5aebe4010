import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { ScenariosController } from './scenarios.controller';

@Module({ imports: [OrdersModule], controllers: [ScenariosController] })
export class ScenariosModule {}
