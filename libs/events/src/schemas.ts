import { z } from 'zod';

const envelope = <E extends string, D extends z.ZodType>(event: E, data: D) =>
  z.object({
    id: z.uuid(),
    event: z.literal(event),
    version: z.literal(1),
    occurredAt: z.iso.datetime(),
    data,
  });

/** `userId` and `imageUrl` keep consumers of the original `{ event, data: { userId, imageUrl } }` working. */
export const ImageUploaded = envelope(
  'ImageUploaded',
  z.object({
    userId: z.number().int(),
    imageUrl: z.string(),
    key: z.string(),
    contentType: z.string(),
    size: z.number().int(),
  }),
);

export const UserRegistered = envelope('UserRegistered', z.object({ userId: z.number().int(), email: z.string() }));

export const UserUpdated = envelope(
  'UserUpdated',
  z.object({ userId: z.number().int(), changedFields: z.array(z.string()) }),
);

export const UserDeleted = envelope('UserDeleted', z.object({ userId: z.number().int() }));

export const DomainEvent = z.discriminatedUnion('event', [ImageUploaded, UserRegistered, UserUpdated, UserDeleted]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type EventName = DomainEvent['event'];
export type EventData<E extends EventName> = Extract<DomainEvent, { event: E }>['data'];

export const topics = {
  ImageUploaded: 'user.image.uploaded',
  UserRegistered: 'user.registered',
  UserUpdated: 'user.updated',
  UserDeleted: 'user.deleted',
} as const satisfies Record<EventName, string>;

/** Every event here concerns one user; keying by user keeps a user's events in order on one partition. */
export const eventKey = (e: DomainEvent) => String(e.data.userId);
