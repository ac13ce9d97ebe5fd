export { matchesFilter } from './evaluate.js';
export { OPERATORS } from './operators.js';
