import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageHeaderComponent } from './page-header.component';

@Component({
  imports: [PageHeaderComponent],
  template: `
    <dx-page-header heading="受講統計" lead="年度ごとの研修の受講状況を集計します。">
      <button type="button">出力</button>
    </dx-page-header>
    <dx-page-header heading="職員" />
  `,
})
class HostComponent {}

describe('PageHeaderComponent (ページの見出し)', () => {
  it('shows the page’s heading as its h1, the lead text under it and the actions beside it', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const [withLead, plain] = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('dx-page-header'),
    );

    expect(withLead.querySelector('h1')?.textContent?.trim()).toBe('受講統計');
    expect(withLead.querySelector('.lead')?.textContent?.trim()).toBe(
      '年度ごとの研修の受講状況を集計します。',
    );
    expect(withLead.querySelector('.page-header-actions button')?.textContent).toBe('出力');

    expect(plain.querySelector('h1')?.textContent?.trim()).toBe('職員');
    expect(plain.querySelector('.lead')).toBeNull();
  });
});
