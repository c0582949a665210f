export * from './auth';
export * from './env-fields';
export * from './errors';
export * from './jwk';
export * from './product-input';
export * from './profile-fields';
export * from './roles';
export * from './users';
