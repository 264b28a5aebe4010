import { Module } from '@nestjs/common';
import { FlowStore } from './flow.store';

@Module({ providers: [FlowStore], exports: [FlowStore] })
export class FlowStoreModule {}
