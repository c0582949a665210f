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

/** Money in events is integer minor units, as stored; a product's public fields use the catalog's wire names. */
const productSnapshot = z.object({
  productId: z.number().int(),
  slug: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  category: z.string(),
  stock: z.number().int(),
});

export const ProductCreated = envelope('ProductCreated', productSnapshot);

/** `changedFields` names the product's wire fields (price, stock, ...); `product` is the state after the write. */
export const ProductUpdated = envelope(
  'ProductUpdated',
  z.object({ productId: z.number().int(), changedFields: z.array(z.string()), product: productSnapshot }),
);

export const ProductArchived = envelope('ProductArchived', z.object({ productId: z.number().int(), slug: z.string() }));

export const StockChanged = envelope(
  'StockChanged',
  z.object({
    productId: z.number().int(),
    oldQuantity: z.number().int(),
    newQuantity: z.number().int(),
    reason: z.string(),
  }),
);

export const DomainEvent = z.discriminatedUnion('event', [
  ImageUploaded,
  UserRegistered,
  UserUpdated,
  UserDeleted,
  ProductCreated,
  ProductUpdated,
  ProductArchived,
  StockChanged,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type EventName = DomainEvent['event'];
export type EventData<E extends EventName> = Extract<DomainEvent, { event: E }>['data'];

export const topics = {
  ImageUploaded: 'user.image.uploaded',
  UserRegistered: 'user.registered',
  UserUpdated: 'user.updated',
  UserDeleted: 'user.deleted',
  ProductCreated: 'catalog.product.created',
  ProductUpdated: 'catalog.product.updated',
  ProductArchived: 'catalog.product.archived',
  StockChanged: 'catalog.product.stock-changed',
} as const satisfies Record<EventName, string>;

/** Keyed by the entity an event concerns, so that entity's events stay in order on one partition. */
export const eventKey = (e: DomainEvent) => String('productId' in e.data ? e.data.productId : e.data.userId);
