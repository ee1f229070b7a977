import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DataTableComponent, type DataTableRow, type DataTableSort } from './data-table.component';

@Component({
  imports: [DataTableComponent],
  template: `
    <dx-data-table
      caption="受講統計（部局別）"
      rowKey="key"
      emptyText="この条件に当てはまる割当はありません。"
      [columns]="columns"
      [rows]="rows()"
      [footer]="footer"
      [sort]="sort()"
      (sortChange)="sort.set($event)"
    />
  `,
})
class HostComponent {
  readonly columns = [
    { key: 'label', label: '部局', rowHeader: true, sortable: true },
    { key: 'assigned', label: '割当', numeric: true },
    { key: 'rate', label: '修了率', numeric: true },
  ];
  readonly rows = signal<DataTableRow[]>([
    { key: '100', label: '総務部', assigned: 12, rate: '50.0%' },
    { key: '200', label: '健康福祉部', assigned: 3, rate: '―' },
  ]);
  readonly footer = { label: '合計', assigned: 15, rate: '40.0%' };
  readonly sort = signal<DataTableSort | null>(null);
}

describe('DataTableComponent (表)', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }
  const texts = (elements: Iterable<Element>) => Array.from(elements).map((e) => e.textContent?.trim());

  it('has a caption, column headers with scope, row headers, a totals row, in a named scrolling region', async () => {
    const { root } = await render();
    expect(root.querySelector('caption')?.textContent?.trim()).toBe('受講統計（部局別）');
    const headers = root.querySelectorAll('thead th');
    expect(Array.from(headers).map((h) => h.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect(texts(root.querySelectorAll('tbody tr'))).toEqual(['総務部1250.0%', '健康福祉部3―']);
    expect(texts(root.querySelectorAll('tbody th[scope="row"]'))).toEqual(['総務部', '健康福祉部']);
    expect(root.querySelector('tbody td')?.classList).toContain('numeric');
    expect(texts(root.querySelectorAll('tfoot tr > *'))).toEqual(['合計', '15', '40.0%']);
    const region = root.querySelector('[role="region"]');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(region?.getAttribute('aria-label')).toBe('受講統計（部局別）');
  });

  it('a sortable header is a button that says the order (aria-sort) and asks for the next one', async () => {
    const { fixture, root } = await render();
    const header = root.querySelector('thead th')!;
    const button = header.querySelector('button')!;
    expect(header.getAttribute('aria-sort')).toBe('none');
    expect(header.textContent).toContain('押すと昇順に並べ替え');
    expect(root.querySelectorAll('thead th')[1].hasAttribute('aria-sort')).toBe(false);

    button.click();
    await fixture.whenStable();
    expect(fixture.componentInstance.sort()).toEqual({ key: 'label', direction: 'ascending' });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    button.click();
    await fixture.whenStable();
    expect(header.getAttribute('aria-sort')).toBe('descending');
    button.click();
    await fixture.whenStable();
    expect(fixture.componentInstance.sort()).toBeNull();
  });

  it('says so in words instead of showing an empty table', async () => {
    const { fixture, root } = await render();
    fixture.componentInstance.rows.set([]);
    await fixture.whenStable();
    expect(root.querySelector('table')).toBeNull();
    expect(root.textContent?.trim()).toBe('この条件に当てはまる割当はありません。');
  });
});
