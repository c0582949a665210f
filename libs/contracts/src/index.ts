export * from './auth';
export * from './errors';
export * from './openapi';
export * from './profile-fields';
export * from './users';
