/** Kinora's output quality measures (/work/shared/docs/quality.md), pure TypeScript. */
export * from './regions.ts';
export * from './stats.ts';
export * from './measures.ts';
export * from './expression.ts';
export * from './background.ts';
export * from './believability.ts';
export * from './edge-steps.ts';
export * from './summary.ts';
