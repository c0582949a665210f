import { clientIp, openApiRouter } from '@greencommerce/http';
import type { CartDeps } from '../deps';
import { addItem } from '../services/add-item';
import { CART_TOKEN_HEADER, callerMiddleware, cartCaller, mergeCaller } from '../services/caller';
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
  const cart = callerMiddleware((c) => cartCaller(c, deps.verifyToken));
  const merge = callerMiddleware((c) => mergeCaller(c, deps.verifyToken));
  const caller = cart.of;
  const router = openApiRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', CART_TOKEN, {
    type: 'apiKey',
    in: 'header',
    name: CART_TOKEN_HEADER,
    description: 'A guest cart’s token, from POST /cart',
  });
  return router
    .openapi(getCartRoute(cart.middleware), async (c) => c.json(await getCart(deps, caller(c)), 200))
    .openapi(createGuestCartRoute, async (c) =>
      c.json(await createGuestCart(deps, clientIp(c, deps.config.trustedProxyHops)), 201),
    )
    .openapi(addItemRoute(cart.middleware), async (c) =>
      c.json(await addItem(deps, caller(c), c.req.valid('json')), 200),
    )
    .openapi(setItemRoute(cart.middleware), async (c) => {
      const { productId } = c.req.valid('param');
      return c.json(await setItemQuantity(deps, caller(c), productId, c.req.valid('json').quantity), 200);
    })
    .openapi(removeItemRoute(cart.middleware), async (c) =>
      c.json(await removeItem(deps, caller(c), c.req.valid('param').productId), 200),
    )
    .openapi(emptyCartRoute(cart.middleware), async (c) => c.json(await emptyCart(deps, caller(c)), 200))
    .openapi(mergeRoute(merge.middleware), async (c) => {
      const { userId, tokenHash } = merge.of(c);
      return c.json(await mergeCarts(deps, userId, tokenHash), 200);
    });
}
