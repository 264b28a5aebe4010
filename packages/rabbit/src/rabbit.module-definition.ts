import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RabbitModuleOptions } from './rabbit.options';

export const {
  ConfigurableModuleClass: RabbitConfigurableModule,
  MODULE_OPTIONS_TOKEN: RABBIT_MODULE_OPTIONS,
  OPTIONS_TYPE: RABBIT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RABBIT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RabbitModuleOptions>()
  .setClassMethodName('forRoot')
  // One connection per service: global by default, so feature modules inject the publisher directly.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
