import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { FlowStoreModule } from './flow-store.module';
import { FlowController } from './flow.controller';

@Module({ imports: [FlowStoreModule, ServicesModule], controllers: [FlowController] })
export class FlowModule {}
