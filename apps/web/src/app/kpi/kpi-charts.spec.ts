import type { KpiDashboard } from '@dx/contract';
import {
  formatNumber,
  monthLabel,
  promoterChart,
  specialistChart,
  specialistTarget,
  tieredChart,
  workplaceChart,
} from './kpi-charts';
import { parseTargetValue } from './kpi-targets.component';

describe('KPI helpers', () => {
  it('names months and numbers as people read them', () => {
    expect(monthLabel('2026-04')).toBe('4月');
    expect(monthLabel('2027-03-31')).toBe('3月');
    expect(monthLabel('第1四半期')).toBe('第1四半期');
    expect(formatNumber(1200)).toBe('1,200');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(null)).toBe('―');
  });

  it('finds the specialist target by key or label', () => {
    const t = (key: string, label: string) => ({
      key,
      label,
      baseline: null,
      target: 1,
      current: 0,
      unit: '人',
    });
    expect(specialistTarget([t('a', '推進員'), t('dx_specialists', '認定者')])?.key).toBe('dx_specialists');
    expect(specialistTarget([t('x', 'DX推進スペシャリスト')])?.key).toBe('x');
    expect(specialistTarget([t('x', '推進員')])).toBeUndefined();
  });

  it('reads a target value: blank is unset, full-width digits are accepted, negatives and words are not', () => {
    expect(parseTargetValue('')).toBeNull();
    expect(parseTargetValue(' ３０ ')).toBe(30);
    expect(parseTargetValue('12.5')).toBe(12.5);
    expect(parseTargetValue('-1')).toBeUndefined();
    expect(parseTargetValue('たくさん')).toBeUndefined();
  });

  it('puts each KPI’s target on its chart: a line on the rate charts, a mark on the ring, a line on the counts', () => {
    const target = (key: string, value: number | null, unit = '%') => ({
      key,
      label: key,
      baseline: null,
      target: value,
      current: 0,
      unit,
    });
    const d: KpiDashboard = {
      fiscalYear: 2026,
      asOf: '2026-12-01',
      tieredByDepartment: [{ code: '1', name: '総務部', assigned: 10, completed: 5, exempt: 0, rate: 0.5 }],
      workplaceMonthly: [{ month: '2026-04', cumulativeCompleted: 1, assigned: 10, rate: 0.1 }],
      promoterCoverage: { sections: 10, sectionsWithPromoter: 6, rate: 0.6 },
      specialists: { certified: 12, inProgramme: 8 },
      targets: [
        target('tiered_completion_rate', 80),
        target('workplace_completion_rate', 62.5),
        target('promoter_coverage_rate', 100),
        target('certified_specialists', 40, '人'),
      ],
    };
    expect(tieredChart(d).spec.target).toEqual({ value: 80, label: '目標 80%' });
    expect(tieredChart(d).summary).toContain('目標は80%（グラフに破線で表示）。');
    expect(workplaceChart(d).spec.target).toEqual({ value: 62.5, label: '目標 62.5%' });
    expect(promoterChart(d).spec.target).toEqual({ value: 100, label: '目標 100%' });
    expect(promoterChart(d).summary).toContain('目標は100%（輪の上に印で表示）。');
    expect(specialistChart(d).spec.target).toEqual({ value: 40, label: '目標 40人' });
    const unset = { ...d, targets: [target('tiered_completion_rate', null)] };
    expect(tieredChart(unset).spec.target).toBeUndefined();
    expect(tieredChart(unset).summary).toContain('目標は未設定。');
  });
});
