// @ecom/rabbit/dlq: reading, replaying and purging the dead-letter queues this library fills, for
// operators' tools (a CLI, a console). A replayed message goes back to its original exchange and
// routing key with its attempt count reset, and leaves the DLQ only after the broker confirmed the copy.
export { QueueNotFoundError, awaitReadyCount, checkQueueExists, closeQuietly, openChannel, openConfirmChannel } from './channels';
export { ConfirmingPublisher, type PublishResult } from './confirming-publisher';
export { DEFAULT_READ_LIMIT, findDeadLetter, peekDeadLetters, type PeekResult } from './dead-letter-reader';
export {
  replayDeadLetters,
  type ReplayOptions,
  type ReplayOutcome,
  type ReplayProgress,
  type ReplayReport,
  type ReplaySelection,
  type ReplayStatus,
} from './dead-letter-replayer';
export { purgeDeadLetters } from './dead-letter-purger';
export { FAILURE_HEADERS, replayHeaders, replayPublishOptions, replayTargetOf, type ReplayTarget } from './replay-message';
export { headerNumber, headerString, plainHeaderValue, type Headers } from './headers';
export { orderIdOf, parseBody, reasonOf, toDeadLetterRow, type DeadLetterRow } from './dead-letter-row';
