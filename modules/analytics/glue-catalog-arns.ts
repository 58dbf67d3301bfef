import type { AccountStack } from '../deployment/account-stack';

/**
 * The Data Catalog of a stack's account and Region, one database of it, and every table of that
 * database: what a principal that reads or writes those tables names as `Resource` (Glue checks the
 * catalog and the database as well as the table).
 */
export function glueCatalogResources(stack: AccountStack, databaseName: string): string[] {
  return [
    stack.formatArn({ service: 'glue', resource: 'catalog' }),
    stack.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
    stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/*` }),
  ];
}
