import type {LabelMatcher} from './matcher.js';

/** The four PromQL value types. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Binary operators, by precedence group (lowest first). */
export type BinaryOp = 'or' | 'and' | 'unless' | '==' | '!=' | '>' | '<' | '>=' | '<=' | '+' | '-' | '*' | '/' | '%' | 'atan2' | '^';

/** Aggregation operators. */
export type AggregateOp = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'count_values' | 'quantile';

/** Cardinality of a vector match. */
export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** `on`/`ignoring` and `group_left`/`group_right` of a binary operation between two vectors. */
export type VectorMatching = {
	card: Cardinality;
	/** True for `on (…)`, false for `ignoring (…)` or no clause. */
	on: boolean;
	labels: string[];
	/** Labels of `group_left (…)`/`group_right (…)`, copied from the "one" side. */
	include: string[];
};

/** The `@` modifier: a time in milliseconds, or the query's `start()`/`end()` (both the evaluation time of an instant query). */
export type AtModifier = number | 'start' | 'end';

/** Where a node starts in the query text (0-based offset), for error messages. */
type Positioned = {pos: number};

/** A number literal (unary minus is folded in, as in Prometheus). */
export type NumberLiteral = Positioned & {type: 'number'; value: number};
/** A string literal. */
export type StringLiteral = Positioned & {type: 'string'; value: string};
/** `name{matchers} offset d`; `name` is also the last `__name__` matcher when given. */
export type VectorSelector = Positioned & {type: 'vector'; name: string; matchers: LabelMatcher[]; offsetMs: number; at: AtModifier | undefined};
/** `selector[range]`; the offset lives on the selector. */
export type MatrixSelector = Positioned & {type: 'matrix'; selector: VectorSelector; rangeMs: number};
/** `expr[range:step] offset d`; `stepMs` 0 means the default step. */
export type Subquery = Positioned & {type: 'subquery'; expr: Expr; rangeMs: number; stepMs: number; offsetMs: number; at: AtModifier | undefined};
/** A function call. */
export type Call = Positioned & {type: 'call'; func: string; args: Expr[]};
/** An aggregation; `param` for topk, bottomk, quantile, count_values. */
export type Aggregate = Positioned & {type: 'aggregate'; op: AggregateOp; expr: Expr; param: Expr | undefined; grouping: string[]; without: boolean};
/** A binary operation; `matching` is set when both sides are vectors; `opPos` is where the operator is. */
export type Binary = Positioned & {type: 'binary'; op: BinaryOp; opPos: number; lhs: Expr; rhs: Expr; returnBool: boolean; matching: VectorMatching | undefined};
/** Unary plus or minus of a non-literal. */
export type Unary = Positioned & {type: 'unary'; op: '+' | '-'; expr: Expr};
/** Parentheses. */
export type Paren = Positioned & {type: 'paren'; expr: Expr};

/** A parsed PromQL expression. Treat as immutable: parsed expressions are cached and shared. */
export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Subquery | Call | Aggregate | Binary | Unary | Paren;

/** The operators that compare (and filter, without `bool`). */
export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '>', '<', '>=', '<=']);
/** The set operators. */
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or', 'unless']);

/** Strips parentheses. */
export function unwrapParens(expr: Expr): Expr {
	while (expr.type === 'paren') expr = expr.expr;
	return expr;
}
