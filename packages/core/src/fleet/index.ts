export * from './sql-scope.ts';
export * from './csv.ts';
export * from './connector-query.ts';
export * from './list-connectors.ts';
export * from './export-connectors-csv.ts';
export * from './get-fleet-kpis.ts';
export * from './get-power-chart.ts';
export * from './get-charger-detail.ts';
