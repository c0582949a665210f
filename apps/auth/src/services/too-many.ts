// Moved to libs/http: the cart answers its own rate limit the same way.
export { tooMany } from '@greencommerce/http';
