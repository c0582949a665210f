// Moved to libs/http: the cart counts guest-cart creations per client the same way.
export { ipSubject } from '@greencommerce/http';
