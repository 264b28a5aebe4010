import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';

@Module({ imports: [BrokerModule], providers: [DeadLettersService], controllers: [DeadLettersController] })
export class DeadLettersModule {}
