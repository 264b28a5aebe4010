import { Module } from '@nestjs/common';
import { FlowStoreModule } from '../flow/flow-store.module';
import { BrokerConnection } from './broker-connection';
import { FlowTap } from './flow-tap';

@Module({ imports: [FlowStoreModule], providers: [BrokerConnection, FlowTap], exports: [BrokerConnection] })
export class BrokerModule {}
