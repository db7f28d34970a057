export { type Aggregate, aggregateReports, type Mismatch, reconcile } from './aggregate.ts';
