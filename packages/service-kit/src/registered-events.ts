import type { EcomEvents } from '@ecom/contracts';

// Every service of this flow publishes this flow's events: with the kit loaded, `RabbitPublisher`
// and `Outbox` check routing keys and payloads against @ecom/contracts at compile time.
declare module '@ecom/rabbit' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
  interface RegisteredEvents extends EcomEvents {}
}
