import { TestBed } from '@angular/core/testing';
import type { CourseRecurrence } from '@dx/contract';
import { CourseRecurrenceFieldsComponent } from './course-recurrence-fields.component';

function render(value: CourseRecurrence) {
  const fixture = TestBed.createComponent(CourseRecurrenceFieldsComponent);
  fixture.componentRef.setInput('idPrefix', 'course');
  fixture.componentRef.setInput('value', value);
  const changes: CourseRecurrence[] = [];
  fixture.componentInstance.changed.subscribe((c) => changes.push(c));
  fixture.detectChanges();
  const root = fixture.nativeElement as HTMLElement;
  const set = (id: string, v: string) => {
    const el = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
    el.value = v;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
    fixture.detectChanges();
  };
  return { root, changes, set };
}

describe('CourseRecurrenceFieldsComponent (更新（再受講）)', () => {
  it('shows the stored recurrence and only the fields of its kind, each labelled', () => {
    const { root } = render({
      kind: 'valid_for_years',
      years: 3,
      window: { kind: 'date_before_expiry', month: 1, day: 1 },
    });
    const labels = Array.from(root.querySelectorAll('label')).map((l) => [l.textContent?.trim(), l.htmlFor]);
    expect(labels).toEqual([
      ['更新の要否', 'course-recurrence'],
      ['有効期間（年）', 'course-recurrence-years'],
      ['更新期間の始まり', 'course-window'],
      ['開始月', 'course-window-month'],
      ['開始日', 'course-window-day'],
    ]);
    for (const [, id] of labels) expect(root.querySelector(`#${id}`)).not.toBeNull();
    expect(root.querySelector<HTMLSelectElement>('#course-recurrence')!.value).toBe('valid_for_years');
    expect(root.querySelector<HTMLInputElement>('#course-recurrence-years')!.value).toBe('3');
  });

  it('emits the recurrence as the API stores it, only the fields of its kind', () => {
    const { changes, set } = render({ kind: 'none' });
    set('course-recurrence', 'every_fiscal_year');
    set('course-recurrence', 'valid_for_years');
    set('course-recurrence-years', '2');
    set('course-window', 'months_before_expiry');
    set('course-window-months', '6');
    expect(changes).toEqual([
      { kind: 'every_fiscal_year' },
      { kind: 'valid_for_years', years: 3, window: { kind: 'date_before_expiry', month: 1, day: 1 } },
      { kind: 'valid_for_years', years: 2, window: { kind: 'date_before_expiry', month: 1, day: 1 } },
      { kind: 'valid_for_years', years: 2, window: { kind: 'months_before_expiry', months: 3 } },
      { kind: 'valid_for_years', years: 2, window: { kind: 'months_before_expiry', months: 6 } },
    ]);
  });

  it('says why a window longer than the validity is refused', () => {
    const { root, set } = render({
      kind: 'valid_for_years',
      years: 1,
      window: { kind: 'months_before_expiry', months: 3 },
    });
    set('course-window-months', '13');
    const hint = root.querySelector('#course-recurrence-hint')!;
    expect(hint.getAttribute('role')).toBe('alert');
    expect(hint.textContent?.trim()).toBe('更新期間の月数は1〜12の整数で指定してください。');
  });
});
