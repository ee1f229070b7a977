// @dx/ui: the web app's shared components (Angular, browser-only). Only the web app imports it; it imports only
// @dx/contract and @dx/domain.
export { ChoiceSelectComponent } from './lib/choice-select.component';
export type { Choice } from './lib/choice-select.component';
export { DataTableComponent } from './lib/data-table.component';
export type { DataTableCell, DataTableColumn, DataTableRow, DataTableSort } from './lib/data-table.component';
export { FilterBarComponent } from './lib/filter-bar.component';
export { FiscalYearSelectComponent } from './lib/fiscal-year-select.component';
export { PageHeaderComponent } from './lib/page-header.component';
export { StatusBadgeComponent } from './lib/status-badge.component';
