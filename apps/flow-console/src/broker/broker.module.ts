import { Module } from '@nestjs/common';
import { FlowStoreModule } from '../flow/flow-store.module';
import { BrokerConnection } from './broker-connection';
import { FlowTap } from './flow-tap';
import { HealthController } from './health.controller';

@Module({ imports: [FlowStoreModule], providers: [BrokerConnection, FlowTap], controllers: [HealthController], exports: [BrokerConnection] })
export class BrokerModule {}
