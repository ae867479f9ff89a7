// The expression language of `calculations[]`: one module for the server (definition checks, storing a
// submission) and the browser (the fill form), so a calculated field has one value everywhere.
export { EXPRESSION_LIMITS, ExpressionError, fieldsRead, parseExpression, type BinaryOperator, type ExpressionNode, type UnaryOperator } from './syntax';
export { EXPRESSION_FUNCTIONS, describeType, isExpressionFunction, typeOf, type ExpressionFunction, type FieldTypeOf, type TypeInfo, type ValueType } from './type-checker';
export { evaluate, type ExpressionData, type ExpressionValue } from './evaluator';
export {
  applyCalculations,
  calculateValues,
  checkCalculations,
  planCalculations,
  type Calculation,
  type CalculationPlan,
  type CalculationProblem,
} from './calculations';
