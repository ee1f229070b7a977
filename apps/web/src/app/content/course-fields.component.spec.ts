import { TestBed } from '@angular/core/testing';
import type { TrackView } from '@dx/contract';
import type { CourseFields } from './content.api';
import { CourseFieldsComponent } from './course-fields.component';
import { courseFieldsForm, courseFieldsOf } from './course-fields.form';

const TRACKS: TrackView[] = [
  { code: 'KAISO', name: '階層別研修', description: '', sortOrder: 1, courseCount: 5 },
  { code: 'WORKPLACE-DX', name: '職場内DX研修', description: '', sortOrder: 2, courseCount: 1 },
];

function render(value: CourseFields, invalid: string[] = []) {
  const group = courseFieldsForm(value);
  const fixture = TestBed.createComponent(CourseFieldsComponent);
  fixture.componentRef.setInput('idPrefix', 'new-course');
  fixture.componentRef.setInput('group', group);
  fixture.componentRef.setInput('tracks', TRACKS);
  fixture.componentRef.setInput('invalidFields', new Set(invalid));
  fixture.detectChanges();
  return { root: fixture.nativeElement as HTMLElement, group, fixture };
}

describe('CourseFieldsComponent (the fields every version of a course shares)', () => {
  const empty: CourseFields = {
    trackCode: '',
    title: '',
    description: '',
    estimatedMinutes: 0,
    dssCodes: [],
  };

  it('labels each field, ids prefixed, and asks for a track until one is chosen', () => {
    const { root } = render(empty, ['title']);
    const labels = Array.from(root.querySelectorAll('label[for]')).map((l) => [
      l.textContent?.trim(),
      (l as HTMLLabelElement).htmlFor,
    ]);
    expect(labels).toEqual([
      ['研修名', 'new-course-title'],
      ['研修体系', 'new-course-track'],
      ['説明', 'new-course-description'],
      ['所要時間（分）', 'new-course-minutes'],
    ]);
    for (const [, id] of labels) expect(root.querySelector(`#${id}`)).not.toBeNull();
    expect(root.querySelector('#new-course-title')?.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#new-course-track option')?.textContent).toBe('選んでください');
  });

  it('keeps what is typed in the form, the minutes as a number, and gives the API the title trimmed', () => {
    const { root, group } = render({ ...empty, trackCode: 'KAISO' });
    expect(Array.from(root.querySelectorAll('#new-course-track option')).map((o) => o.textContent)).toEqual([
      '階層別研修',
      '職場内DX研修',
    ]);
    expect(root.querySelector<HTMLSelectElement>('#new-course-track')!.value).toBe('KAISO');
    const title = root.querySelector<HTMLInputElement>('#new-course-title')!;
    title.value = ' 生成AI入門 ';
    title.dispatchEvent(new Event('input'));
    const minutes = root.querySelector<HTMLInputElement>('#new-course-minutes')!;
    minutes.value = '45';
    minutes.dispatchEvent(new Event('input'));
    expect(courseFieldsOf(group)).toEqual({
      trackCode: 'KAISO',
      title: '生成AI入門',
      description: '',
      estimatedMinutes: 45,
      dssCodes: [],
    });
  });

  it('picks デジタルスキル標準 codes with labelled checkboxes grouped by area, role and category', () => {
    const { root, group } = render({ ...empty, dssCodes: ['lit.why', 'role.designer'] });
    const legends = Array.from(root.querySelectorAll('.dss-picker legend')).map((l) => l.textContent?.trim());
    expect(legends).toEqual(
      expect.arrayContaining([
        'DXリテラシー標準',
        'Why（DXの背景）',
        'マインド・スタンス',
        '人材類型',
        'データ活用',
      ]),
    );
    const box = (code: string) =>
      root.querySelector<HTMLInputElement>(`#new-course-dss-${code.replace(/\./g, '-')}`)!;
    expect(box('lit.why').checked).toBe(true);
    expect(box('role.designer').checked).toBe(true);
    expect(box('lit.why.society').checked).toBe(false);
    // Each checkbox is inside its label, so its name is the item's label.
    expect(box('skill.data.ai').closest('label')?.textContent?.trim()).toBe('AI・データサイエンス');
    box('skill.data.ai').click();
    expect(group.controls.dssCodes.value).toEqual(['lit.why', 'role.designer', 'skill.data.ai']);
  });
});
