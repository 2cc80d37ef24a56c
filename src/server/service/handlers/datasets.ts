import type { RouteDef } from '../route-table.js';

export const datasetRoutes: RouteDef[] = [];
