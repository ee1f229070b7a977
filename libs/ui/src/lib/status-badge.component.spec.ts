import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { EnrollmentStatusName } from '@dx/contract';
import { StatusBadgeComponent } from './status-badge.component';

@Component({
  imports: [StatusBadgeComponent],
  template: `<dx-status-badge [status]="status()" />`,
})
class HostComponent {
  readonly status = signal<EnrollmentStatusName>('overdue');
}

describe('StatusBadgeComponent (状態の表示)', () => {
  it('writes every status out in Japanese; the colour only repeats it', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    const root = fixture.nativeElement as HTMLElement;
    const seen: [string | undefined, string | null][] = [];
    for (const status of ['overdue', 'in_progress', 'not_started', 'completed', 'exempt'] as const) {
      fixture.componentInstance.status.set(status);
      await fixture.whenStable();
      const badge = root.querySelector('.status-badge');
      seen.push([badge?.textContent?.trim(), badge?.getAttribute('data-status') ?? null]);
    }
    expect(seen).toEqual([
      ['期限超過', 'overdue'],
      ['受講中', 'in_progress'],
      ['未着手', 'not_started'],
      ['修了', 'completed'],
      ['免除', 'exempt'],
    ]);
  });
});
