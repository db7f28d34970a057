export * from './review-chain.ts';
export * from './timeliness.ts';
