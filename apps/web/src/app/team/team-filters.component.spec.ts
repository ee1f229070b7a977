import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { currentFiscalYear } from '../shared/dates';
import { getByLabel, typeInto } from '../../testing/dom';
import { TeamFiltersComponent } from './team-filters.component';
import type { TeamView, ViewChange } from './team-view';

const YEAR = currentFiscalYear();

@Component({
  imports: [TeamFiltersComponent],
  template: `<dx-team-filters [view]="view()" [years]="[YEAR, YEAR - 1]" (changed)="changes.push($event)" />`,
})
class HostComponent {
  protected readonly YEAR = YEAR;
  readonly view = signal<TeamView>({
    fiscalYear: YEAR,
    orgUnitCode: '',
    trackCode: '',
    courseCode: '',
    status: '',
    position: '',
    q: '',
    sort: '',
    page: 1,
  });
  readonly changes: ViewChange[] = [];
}

describe('TeamFiltersComponent (受講状況の絞り込み)', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    return { fixture, host: fixture.componentInstance, root: fixture.nativeElement as HTMLElement };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('is a named search region; a new year shows every course again, the current year leaves the URL', async () => {
    const { host, root } = await render();
    expect(root.querySelector('[role="search"]')?.getAttribute('aria-label')).toBe('受講状況の絞り込み');
    const year = getByLabel<HTMLSelectElement>(root, '年度');
    year.value = String(YEAR - 1);
    year.dispatchEvent(new Event('change'));
    year.value = String(YEAR);
    year.dispatchEvent(new Event('change'));
    expect(host.changes).toEqual([
      { changes: { fiscalYear: YEAR - 1, courseCode: '' } },
      { changes: { fiscalYear: '', courseCode: '' } },
    ]);
  });

  it('sends the 職位 when it is committed (trimmed), the name search after a pause or at once on Enter', async () => {
    const { host, root } = await render();
    const position = getByLabel(root, '職位');
    typeInto(position, ' 主事 ');
    expect(host.changes).toEqual([]);
    position.dispatchEvent(new Event('change'));
    expect(host.changes).toEqual([{ changes: { position: '主事' } }]);

    host.changes.length = 0;
    typeInto(getByLabel(root, '氏名で検索'), '伊勢 ');
    await pause(350);
    // Typing replaces the history entry instead of adding one per pause.
    expect(host.changes).toEqual([{ changes: { q: '伊勢' }, replaceUrl: true }]);

    host.changes.length = 0;
    typeInto(getByLabel(root, '氏名で検索'), '三重');
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await pause(350);
    expect(host.changes).toEqual([{ changes: { q: '三重' } }]);
  });

  it('follows the URL (Back, bookmarks) without sending it back', async () => {
    const { fixture, host, root } = await render();
    host.view.update((view) => ({ ...view, status: 'overdue', q: '伊勢', fiscalYear: YEAR - 1 }));
    await fixture.whenStable();
    expect(getByLabel<HTMLSelectElement>(root, '状態').value).toBe('overdue');
    expect(getByLabel(root, '氏名で検索').value).toBe('伊勢');
    expect(getByLabel<HTMLSelectElement>(root, '年度').value).toBe(String(YEAR - 1));
    expect(host.changes).toEqual([]);
  });
});
