// @ecom/rabbit/service: the start-up kit the five services share (config, infrastructure modules).
export { CommonServiceConfig, ConfigError, loadConfig } from './service-config';
export { serviceModules, toQueueDeclaration, type ServiceModulesOptions } from './service-modules';
