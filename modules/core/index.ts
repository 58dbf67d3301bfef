export * from './errors';
export * from './naming';
export * from './tags';
