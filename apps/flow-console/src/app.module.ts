import { Global, Module, type DynamicModule } from '@nestjs/common';
import { BrokerModule } from './broker/broker.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { FLOW_CONSOLE_CONFIG, type FlowConsoleConfig } from './flow-console.config';
import { FlowModule } from './flow/flow.module';
import { OrdersModule } from './orders/orders.module';
import { PagesController } from './pages/pages.controller';
import { ScenariosModule } from './scenarios/scenarios.module';
import { ServicesModule } from './services/services.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: FlowConsoleConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: FLOW_CONSOLE_CONFIG, useValue: config }], exports: [FLOW_CONSOLE_CONFIG] };
  }
}

/** The console: the tap, the live view, one order's timeline, dead letters, "try it", the page. */
@Module({})
export class AppModule {
  static forRoot(config: FlowConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), BrokerModule, FlowModule, ServicesModule, OrdersModule, DeadLettersModule, ScenariosModule],
      controllers: [PagesController],
    };
  }
}
