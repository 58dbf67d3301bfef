export * from './event-selectors';
export * from './organization-trail';
export * from './standalone-trail';
