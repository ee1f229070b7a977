import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { FilterBarComponent } from './filter-bar.component';

@Component({
  imports: [FilterBarComponent, ReactiveFormsModule],
  template: `
    <dx-filter-bar label="受講状況の絞り込み" [formGroup]="filters" (submitted)="submitted = submitted + 1">
      <div class="field">
        <label for="q">氏名で検索</label>
        <input id="q" type="search" formControlName="q" />
      </div>
    </dx-filter-bar>
  `,
})
class HostComponent {
  readonly filters = new FormGroup({ q: new FormControl('', { nonNullable: true }) });
  submitted = 0;
}

describe('FilterBarComponent (絞り込み)', () => {
  it('is a named search region holding the page’s own controls, bound to the page’s form', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const region = root.querySelector('form')!;
    expect(region.getAttribute('role')).toBe('search');
    expect(region.getAttribute('aria-label')).toBe('受講状況の絞り込み');

    const input = region.querySelector<HTMLInputElement>('#q')!;
    input.value = '伊勢';
    input.dispatchEvent(new Event('input'));
    expect(fixture.componentInstance.filters.getRawValue()).toEqual({ q: '伊勢' });
  });

  it('submitting (Enter) tells the page and never reloads it', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const event = new Event('submit', { cancelable: true });
    (fixture.nativeElement as HTMLElement).querySelector('form')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(fixture.componentInstance.submitted).toBe(1);
  });
});
