export {
  EMAIL_VERIFICATION_TTL_MS,
  hashLinkToken,
  type LinkRecipient,
  newLinkToken,
  PASSWORD_RESET_TTL_MS,
  requestEmailVerification,
} from './account-links';
export { consumeFromDatabase, consumeFromKafka, type Subscription } from './consumer';
export { type DeadLetter, type DeadLetterReason, decodeEvent, type RetryPolicy } from './dead-letter';
export { type EventsEnv, eventsEnv, housekeepingConfig, topicConfig } from './env';
export { type EventHandler, handleOnce } from './handle-once';
export { type HousekeepingOptions, housekeepOnce, startHousekeeping } from './housekeeping';
export { createKafka, isKafkaRefusal, kafkaPublisher } from './kafka';
export { enqueueEvent, enqueueEvents, type PendingEvent } from './outbox';
export { outboxHealth } from './outbox-health';
export { maintenanceFirstRunAfterMs, type PeriodicOptions, startPeriodic } from './periodic';
export { LeaseLost, OutboxRelay, type Publisher, type RelayOptions } from './relay';
export * from './schemas';
export { type ConsumerSpec, eventConsumer, type StartConsumersOptions, startConsumers } from './start-consumers';
export { startEventWorkers } from './start-events';
export { startOutboxRelay } from './start-relay';
export { allTopics, dlqTopic, ensureTopics, type TopicConfig } from './topics';
