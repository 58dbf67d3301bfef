/** Moved to modules/core/counted.ts; kept for the two command modules that still import it from here. */
export { counted } from '../../modules/core/counted';
