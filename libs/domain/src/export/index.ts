// Exports of research data: the record of each export (an aggregate of its own), the columns
// views are declared with, their codebook, and import scripts for R, SPSS and Stata.
export * from './export.events.js';
export * from './export.decider.js';
export * from './export.queries.js';
export * from './export-columns.js';
export * from './export-labels.js';
export * from './export-scripts.js';
