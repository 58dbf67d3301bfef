export * from './errors';
export * from './naming';
export * from './tags';
export * from './terraform-text';
export * from './aws-limits';
