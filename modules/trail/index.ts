export * from './event-selectors';
export * from './organization-trail';
export * from './standalone-trail';
export * from './trail-log-delivery';
