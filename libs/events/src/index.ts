export {
  consumeFromDatabase,
  consumeFromKafka,
  type EventHandler,
  handleOnce,
  type Subscription,
} from './consumer';
export { createKafka, kafkaPublisher } from './kafka';
export { enqueueEvent } from './outbox';
export { OutboxRelay, type Publisher, type RelayOptions } from './relay';
export * from './schemas';
export { startOutboxRelay } from './start-relay';
