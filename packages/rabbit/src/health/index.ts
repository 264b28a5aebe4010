// @ecom/rabbit/health: the broker's readiness for @nestjs/terminus, apart from the root entry so
// only an app that serves health checks needs terminus.
export { RabbitHealthIndicator } from './rabbit.health-indicator';
