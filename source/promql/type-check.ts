import {COMPARISON_OPS, SET_OPS, type Expr, type ValueType} from './ast.js';
import {documentedType, FUNCTIONS, typeOf} from './function-table.js';
import {METRIC_NAME} from './labels.js';
import {PromqlSyntaxError} from './token-cursor.js';

const fail = (message: string, at: Expr | number): never => {
	throw new PromqlSyntaxError(message, typeof at === 'number' ? at : at.pos);
};

function expectType(expr: Expr, want: ValueType, context: string): void {
	const type = checkTypes(expr);
	if (type !== want) fail(`expected type ${documentedType(want)} in ${context}, got ${documentedType(type)}`, expr);
}

/**
 * Type-checks an expression like Prometheus' `checkAST`, with its messages; returns the expression's type.
 * Also completes the vector matching of set operators (many-to-many) and drops matching between non-vectors.
 */
export function checkTypes(expr: Expr): ValueType {
	switch (expr.type) {
		case 'aggregate':
			expectType(expr.expr, 'vector', 'aggregation expression');
			if (expr.op === 'topk' || expr.op === 'bottomk' || expr.op === 'quantile') expectType(expr.param!, 'scalar', 'aggregation parameter');
			if (expr.op === 'count_values') expectType(expr.param!, 'string', 'aggregation parameter');
			break;
		case 'binary':
			checkBinary(expr);
			break;
		case 'call': {
			const signature = FUNCTIONS.get(expr.func)!;
			const count = signature.args.length;
			if (signature.variadic === 0 && count !== expr.args.length) fail(`expected ${count} argument(s) in call to ${JSON.stringify(expr.func)}, got ${expr.args.length}`, expr);
			if (signature.variadic !== 0 && count - 1 > expr.args.length) fail(`expected at least ${count - 1} argument(s) in call to ${JSON.stringify(expr.func)}, got ${expr.args.length}`, expr);
			if (signature.variadic > 0 && count - 1 + signature.variadic < expr.args.length) {
				fail(`expected at most ${count - 1 + signature.variadic} argument(s) in call to ${JSON.stringify(expr.func)}, got ${expr.args.length}`, expr);
			}
			for (const [index, arg] of expr.args.entries()) {
				const want = signature.args[Math.min(index, count - 1)];
				if (want === undefined) break;
				expectType(arg, want, `call to function ${JSON.stringify(expr.func)}`);
			}
			break;
		}
		case 'paren':
			checkTypes(expr.expr);
			break;
		case 'unary': {
			const type = checkTypes(expr.expr);
			if (type !== 'scalar' && type !== 'vector') fail(`unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(type))}`, expr);
			break;
		}
		case 'subquery': {
			const type = checkTypes(expr.expr);
			if (type !== 'vector') fail(`subquery is only allowed on instant vector, got ${type} instead`, expr);
			break;
		}
		case 'matrix':
			checkTypes(expr.selector);
			break;
		case 'vector':
			checkSelector(expr);
			break;
		default:
			break;
	}
	return typeOf(expr);
}

function checkSelector(expr: Extract<Expr, {type: 'vector'}>): void {
	if (expr.name !== '') {
		const earlier = expr.matchers.slice(0, -1).find(matcher => matcher.name === METRIC_NAME);
		if (earlier) fail(`metric name must not be set twice: ${JSON.stringify(expr.name)} or ${JSON.stringify(earlier.value)}`, expr);
		return;
	}
	if (!expr.matchers.some(matcher => !matcher.matches(''))) fail('vector selector must contain at least one non-empty matcher', expr);
}

function checkBinary(expr: Extract<Expr, {type: 'binary'}>): void {
	const lt = checkTypes(expr.lhs);
	const rt = checkTypes(expr.rhs);
	const matching = expr.matching;
	if (expr.returnBool && !COMPARISON_OPS.has(expr.op)) fail('bool modifier can only be used on comparison operators', expr.opPos);
	if (COMPARISON_OPS.has(expr.op) && !expr.returnBool && lt === 'scalar' && rt === 'scalar') fail('comparisons between scalars must use BOOL modifier', expr.opPos);
	if (matching && SET_OPS.has(expr.op) && matching.card === 'one-to-one') matching.card = 'many-to-many';
	if (matching?.on) {
		const both = matching.labels.find(label => matching.include.includes(label));
		if (both !== undefined) fail(`label ${JSON.stringify(both)} must not occur in ON and GROUP clause at once`, expr.opPos);
	}
	if (lt !== 'scalar' && lt !== 'vector') fail('binary expression must contain only scalar and instant vector types', expr.lhs);
	if (rt !== 'scalar' && rt !== 'vector') fail('binary expression must contain only scalar and instant vector types', expr.rhs);
	if ((lt !== 'vector' || rt !== 'vector') && matching) {
		if (matching.labels.length > 0) fail('vector matching only allowed between instant vectors', expr);
		expr.matching = undefined;
	} else if (matching && SET_OPS.has(expr.op)) {
		if (matching.card === 'one-to-many' || matching.card === 'many-to-one') fail(`no grouping allowed for ${JSON.stringify(expr.op)} operation`, expr);
	}
	if ((lt === 'scalar' || rt === 'scalar') && SET_OPS.has(expr.op)) fail(`set operator ${JSON.stringify(expr.op)} not allowed in binary scalar expression`, expr);
}
