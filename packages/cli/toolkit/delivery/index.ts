export * from './archive-lister';
export * from './delivery-check';
export * from './delivery-report';
export * from './delivery-targets';
export * from './delivery-window';
export * from './local-archive-lister';
