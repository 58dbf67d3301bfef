export * from './event-selectors';
export * from './organization-trail';
