import { openApiRouter } from '@greencommerce/http';
import type { Context } from 'hono';
import type { CartDeps } from '../deps';
import { addItem } from '../services/add-item';
import { CART_TOKEN_HEADER, cartCaller, mergeCaller } from '../services/caller';
import { createGuestCart } from '../services/create-guest-cart';
import { emptyCart } from '../services/empty-cart';
import { getCart } from '../services/get-cart';
import { mergeCarts } from '../services/merge-carts';
import { removeItem } from '../services/remove-item';
import { setItemQuantity } from '../services/set-item-quantity';
import {
  addItemRoute,
  CART_TOKEN,
  createGuestCartRoute,
  emptyCartRoute,
  getCartRoute,
  mergeRoute,
  removeItemRoute,
  setItemRoute,
} from './cart.routes';

/** Wires each documented route to its service; the chain keeps every route's types for `hc`. */
export function cartRoutes(deps: CartDeps) {
  const caller = (c: Context) => cartCaller(c, deps.verifyToken);
  const router = openApiRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', CART_TOKEN, {
    type: 'apiKey',
    in: 'header',
    name: CART_TOKEN_HEADER,
    description: 'A guest cart’s token, from POST /cart',
  });
  return router
    .openapi(getCartRoute, async (c) => c.json(await getCart(deps, await caller(c)), 200))
    .openapi(createGuestCartRoute, async (c) => c.json(await createGuestCart(deps), 201))
    .openapi(addItemRoute, async (c) => c.json(await addItem(deps, await caller(c), c.req.valid('json')), 200))
    .openapi(setItemRoute, async (c) => {
      const { productId } = c.req.valid('param');
      return c.json(await setItemQuantity(deps, await caller(c), productId, c.req.valid('json').quantity), 200);
    })
    .openapi(removeItemRoute, async (c) =>
      c.json(await removeItem(deps, await caller(c), c.req.valid('param').productId), 200),
    )
    .openapi(emptyCartRoute, async (c) => c.json(await emptyCart(deps, await caller(c)), 200))
    .openapi(mergeRoute, async (c) => {
      const { userId, tokenHash } = await mergeCaller(c, deps.verifyToken);
      return c.json(await mergeCarts(deps, userId, tokenHash), 200);
    });
}
