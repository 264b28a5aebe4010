import type { MessageStore } from './message-store';

/** Stands in when the module has no `store`: using the inbox or outbox then says what is missing. */
export function missingStore(): MessageStore<unknown> {
  const fail = (): never => {
    throw new Error('RabbitModule has no `store` option: the inbox and outbox need the service database');
  };
  return {
    transaction: fail,
    inbox: { tryRecord: fail, prune: fail },
    outbox: {
      add: fail,
      claimLease: fail,
      releaseLease: fail,
      nextBatch: fail,
      markSent: fail,
      pruneSent: fail,
      countPending: fail,
    },
  };
}
