import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { ChoiceSelectComponent } from './choice-select.component';

@Component({
  imports: [ChoiceSelectComponent, ReactiveFormsModule],
  template: `<dx-choice-select
    inputId="track"
    label="研修体系"
    [choices]="[
      { value: 'KAISO', label: '階層別研修' },
      { value: 'DX', label: 'DX推進' },
    ]"
    [formControl]="track"
  />`,
})
class HostComponent {
  readonly track = new FormControl('DX', { nonNullable: true });
}

describe('ChoiceSelectComponent (絞り込みの選択肢)', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const label = root.querySelector('label')!;
    const select = root.querySelector<HTMLSelectElement>(`#${label.htmlFor}`)!;
    return { fixture, label, select };
  }

  it('is a labelled list that starts with 「すべて」 and shows the form’s choice', async () => {
    const { label, select } = await render();
    expect(label.textContent?.trim()).toBe('研修体系');
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual([
      'すべて',
      '階層別研修',
      'DX推進',
    ]);
    expect(select.value).toBe('DX');
  });

  it('gives the chosen value to the form, and follows the form back to 「すべて」', async () => {
    const { fixture, select } = await render();
    select.value = 'KAISO';
    select.dispatchEvent(new Event('change'));
    expect(fixture.componentInstance.track.value).toBe('KAISO');

    fixture.componentInstance.track.setValue('');
    await fixture.whenStable();
    expect(select.value).toBe('');

    fixture.componentInstance.track.disable();
    await fixture.whenStable();
    expect(select.disabled).toBe(true);
  });
});
