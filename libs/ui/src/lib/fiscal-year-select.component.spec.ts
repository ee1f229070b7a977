import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { FiscalYearSelectComponent } from './fiscal-year-select.component';

@Component({
  imports: [FiscalYearSelectComponent, ReactiveFormsModule],
  template: `<dx-fiscal-year-select
    inputId="year"
    [years]="[2026, 2025, 2019, 2018]"
    [formControl]="year"
  />`,
})
class HostComponent {
  readonly year = new FormControl(2025, { nonNullable: true });
}

describe('FiscalYearSelectComponent (年度)', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const label = root.querySelector('label')!;
    const select = root.querySelector<HTMLSelectElement>(`#${label.htmlFor}`)!;
    return { fixture, label, select };
  }

  it('is a labelled list of fiscal years in 令和 (and western) years, showing the form’s year', async () => {
    const { label, select } = await render();
    expect(label.textContent?.trim()).toBe('年度');
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual([
      '令和8年度（2026年度）',
      '令和7年度（2025年度）',
      '令和元年度（2019年度）',
      '平成30年度（2018年度）',
    ]);
    expect(select.value).toBe('2025');
  });

  it('gives the chosen year to the form as a number, and follows the form when it changes', async () => {
    const { fixture, select } = await render();
    select.value = '2019';
    select.dispatchEvent(new Event('change'));
    expect(fixture.componentInstance.year.value).toBe(2019);

    fixture.componentInstance.year.setValue(2026);
    await fixture.whenStable();
    expect(select.value).toBe('2026');

    fixture.componentInstance.year.disable();
    await fixture.whenStable();
    expect(select.disabled).toBe(true);
  });
});
