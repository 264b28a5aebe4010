import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { ServiceHealthPoller } from './service-health';
import { ServicesController } from './services.controller';

@Module({ imports: [BrokerModule], providers: [ServiceHealthPoller], controllers: [ServicesController], exports: [ServiceHealthPoller] })
export class ServicesModule {}
