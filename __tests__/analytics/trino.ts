import { AST, Parser } from 'node-sql-parser/build/trino';

/*
 * Athena engine version 3 is Trino. node-sql-parser's Trino grammar checks that a saved query is
 * well formed before anyone runs it, and gives the tree that the partition check walks.
 */
const parser = new Parser();

/** The syntax tree of one Trino statement; throws when it does not parse. */
export function parseTrino(sql: string): AST {
  const ast = parser.astify(sql);
  if (Array.isArray(ast)) {
    if (ast.length !== 1) throw new Error(`expected one statement, got ${ast.length}`);
    return ast[0];
  }
  return ast;
}

/** A predicate on the date partition that every row of the result must satisfy. */
export interface DatePredicate {
  readonly operator: string;
  readonly column: string;
}

type Node = { type?: string; operator?: string; left?: Node; right?: Node; column?: unknown };

/**
 * Predicates on `eventdate` among the top-level conjuncts of the WHERE clause (`a AND b AND ...`):
 * only those bound the days a query reads. A predicate inside an OR, or a query without WHERE,
 * bounds nothing.
 */
export function datePartitionPredicates(ast: AST): DatePredicate[] {
  return partitionPredicates(ast, 'eventdate');
}

/** Comparisons on partition column `column` among the top-level conjuncts of the WHERE clause. */
export function partitionPredicates(ast: AST, column: string): DatePredicate[] {
  const where = (ast as { where?: Node | null }).where ?? null;
  const conjuncts: Node[] = [];
  const collect = (node: Node): void => {
    if (node.type === 'binary_expr' && node.operator === 'AND' && node.left && node.right) {
      collect(node.left);
      collect(node.right);
    } else conjuncts.push(node);
  };
  if (where !== null) collect(where);
  return conjuncts
    .filter(
      (node) => node.type === 'binary_expr' && ['BETWEEN', '>=', '>', '=', '<=', '<'].includes(node.operator ?? ''),
    )
    .map((node) => ({ operator: node.operator ?? '', column: columnName(node.left) }))
    .filter((predicate) => predicate.column === column);
}

function columnName(node: Node | undefined): string {
  if (node?.type !== 'column_ref') return '';
  const column = node.column as string | { expr?: { value?: string } };
  return typeof column === 'string' ? column : (column.expr?.value ?? '');
}
