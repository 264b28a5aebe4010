import { Module } from '@nestjs/common';
import { FlowStoreModule } from '../flow/flow-store.module';
import { OrderTimelineService } from './order-timeline.service';
import { OrdersController } from './orders.controller';
import { ServiceReader } from './service-reader';

@Module({ imports: [FlowStoreModule], providers: [OrderTimelineService, ServiceReader], controllers: [OrdersController], exports: [ServiceReader] })
export class OrdersModule {}
