import {
  Product,
  ProductCreate,
  ProductPatch,
  ProductRef,
  StockAdjustment,
  StockAdjustmentResult,
} from '@greencommerce/contracts';
import {
  bearerErrors,
  bearerSecurity,
  bodyCeilingErrors,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  limitBody,
  requireJson,
  roleErrors,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

// The catalog's admin writes: a bearer token with the admin role, every one of them.

/** A description of up to 10,000 characters, four bytes each at worst, plus the other fields. */
const JSON_BODY_LIMIT = 64 * 1024;
/** Room for multipart boundaries and the small fields next to the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const admin = roleErrors('admin');
const missing = { 404: 'No such product, or it is archived' } as const;

const etagHeader = {
  ETag: {
    description: 'The product’s strong ETag: send it as If-Match to change it only if nobody else did',
    schema: { type: 'string' as const },
  },
};
const productResponse = (description: string) => ({ ...jsonResponse(Product, description), headers: etagHeader });

const IfMatch = z.object({
  'if-match': z
    .string()
    .max(1024)
    .optional()
    .meta({ description: 'The ETag the change was based on (or `*`): 412 if the product changed since' }),
});

const ImageRef = ProductRef.extend({
  imageId: z.uuid().meta({ param: { name: 'imageId', in: 'path' }, description: 'An id from the product’s `images`' }),
});

export const createProductRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/products',
    operationId: 'createProduct',
    summary: 'Add a product (the original FastAPI payload or the later GraphQL one)',
    security: bearerSecurity,
    middleware: [...auth, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: jsonRequest(ProductCreate),
    responses: {
      201: {
        ...productResponse('Created'),
        headers: { ...etagHeader, Location: { description: 'The product’s URL', schema: { type: 'string' as const } } },
      },
      ...errorResponses({
        ...jsonBodyErrors,
        400: 'Malformed JSON, or fields that break the schema (`details` names each): prices with more than two decimals, negative prices or stock, an unknown category',
        ...bearerErrors,
        ...admin,
        409: 'The slug is taken',
        ...unavailableErrors,
      }),
    },
  });

export const updateProductRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'patch',
    path: '/products/{idOrSlug}',
    operationId: 'updateProduct',
    summary: 'Change some of a product’s fields; with If-Match, only if nobody changed it meanwhile',
    security: bearerSecurity,
    middleware: [...auth, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: { params: ProductRef, headers: IfMatch, ...jsonRequest(ProductPatch) },
    responses: {
      200: productResponse('The product after the change'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...bearerErrors,
        ...admin,
        ...missing,
        409: 'The new slug is taken',
        412: 'If-Match does not name the current ETag: another edit came first',
        428: 'stock is set without If-Match: an absolute stock could undo a concurrent checkout or adjustment',
        ...unavailableErrors,
      }),
    },
  });

export const archiveProductRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'delete',
    path: '/products/{idOrSlug}',
    operationId: 'archiveProduct',
    summary: 'Archive a product: gone from every read, kept for the orders that refer to it',
    security: bearerSecurity,
    middleware: auth,
    request: { params: ProductRef, headers: IfMatch },
    responses: {
      204: { description: 'Archived' },
      ...errorResponses({
        400: 'A malformed product reference',
        ...bearerErrors,
        ...admin,
        ...missing,
        412: 'If-Match does not name the current ETag: another edit came first',
        ...bodyCeilingErrors,
        ...unavailableErrors,
      }),
    },
  });

export const adjustStockRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/products/{idOrSlug}/stock-adjustments',
    operationId: 'adjustProductStock',
    summary: 'Add (delta > 0) or remove (delta < 0) units, atomically; stock never goes below zero',
    security: bearerSecurity,
    middleware: [...auth, limitBody(4 * 1024), requireJson()],
    request: { params: ProductRef, ...jsonRequest(StockAdjustment) },
    responses: {
      201: jsonResponse(StockAdjustmentResult, 'Applied'),
      ...errorResponses({
        ...jsonBodyErrors,
        ...bearerErrors,
        ...admin,
        ...missing,
        409: 'Not enough units to remove (the message names how many there are)',
        ...unavailableErrors,
      }),
    },
  });

/**
 * The multipart body is read by the handler as it streams, not by a zod validator (which would
 * buffer it), so its schema is plain JSON Schema: documented, never used to parse.
 */
const imageForm = {
  type: 'object',
  properties: {
    image: { type: 'string', contentMediaType: 'application/octet-stream', description: 'JPEG, PNG or WebP' },
    file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'the same, by another name' },
  },
} as const;

export const addProductImageRoute = (auth: MiddlewareHandler[], maxUploadBytes: number) =>
  createRoute({
    method: 'post',
    path: '/products/{idOrSlug}/images',
    operationId: 'addProductImage',
    summary: `Upload a product image (JPEG, PNG or WebP by content, at most ${maxUploadBytes} bytes); the first is the product’s image`,
    security: bearerSecurity,
    middleware: [...auth, limitBody(maxUploadBytes + MULTIPART_OVERHEAD)],
    request: {
      params: ProductRef,
      body: { required: true, content: { 'multipart/form-data': { schema: imageForm } } },
    },
    responses: {
      201: productResponse('Stored; the product with its images'),
      ...errorResponses({
        400: 'Missing, empty or damaged image, malformed multipart, or dimensions too large',
        ...bearerErrors,
        ...admin,
        ...missing,
        409: 'The product has as many images as it may',
        413: 'Image or body larger than the limit',
        415: 'Not multipart/form-data, or not a JPEG, PNG or WebP',
        429: 'Too many uploads in progress; see Retry-After',
        ...unavailableErrors,
      }),
    },
  });

export const removeProductImageRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'delete',
    path: '/products/{idOrSlug}/images/{imageId}',
    operationId: 'removeProductImage',
    summary: 'Remove one of a product’s images (its stored file too)',
    security: bearerSecurity,
    middleware: auth,
    request: { params: ImageRef },
    responses: {
      200: productResponse('The product without the image'),
      ...errorResponses({
        400: 'A malformed product reference or image id',
        ...bearerErrors,
        ...admin,
        404: 'No such product or image',
        ...bodyCeilingErrors,
        ...unavailableErrors,
      }),
    },
  });
